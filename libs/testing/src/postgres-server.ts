import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { freePort } from './free-port';
import { stopProcess } from './stop-process';

const POSTGRES_BIN_DIR = process.env.POSTGRES_BIN_DIR ?? '/usr/lib/postgresql/15/bin';

export interface TestPostgresServer {
  /** The server without a database name: `postgres://postgres@127.0.0.1:<port>`. */
  url: string;
  port: number;
  /** The URL of database `name` on this server (which `ensureDatabase` can create). */
  databaseUrl(name: string): string;
  /** Stops the server (fast shutdown: open sessions are cut) but keeps its data for `restart()`. */
  stop(): Promise<void>;
  /** Starts the server again on the same port and data, resolving once it accepts queries. */
  restart(): Promise<void>;
  /** Stops the server and deletes its data. */
  destroy(): Promise<void>;
}

/**
 * A private PostgreSQL server (initdb into a temporary directory, trust authentication, 127.0.0.1 on a free
 * port) for tests that stop and restart Postgres without touching the machine's server. Postgres refuses to run
 * as root, so under root it runs as the `postgres` OS user; durability settings are off (it is thrown away).
 */
export async function startPostgresServer(): Promise<TestPostgresServer> {
  const port = await freePort();
  const home = mkdtempSync(path.join(tmpdir(), 'tessera-pg-'));
  const dataDir = path.join(home, 'data');
  const owner: { uid?: number; gid?: number } = process.getuid?.() === 0 ? postgresUser() : {};
  if (owner.uid !== undefined && owner.gid !== undefined) chownSync(home, owner.uid, owner.gid);
  execFileSync(
    path.join(POSTGRES_BIN_DIR, 'initdb'),
    ['-D', dataDir, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C', '--no-sync'],
    { ...owner, stdio: 'pipe' },
  );

  let child: ChildProcess | undefined;
  let lastOutput = '';
  const start = async () => {
    lastOutput = '';
    child = spawn(
      path.join(POSTGRES_BIN_DIR, 'postgres'),
      [
        ['-D', dataDir],
        ['-p', String(port)],
        ['-k', home],
        ['-c', 'listen_addresses=127.0.0.1'],
        ['-c', 'max_connections=200'],
        ['-c', 'fsync=off'],
        ['-c', 'synchronous_commit=off'],
        ['-c', 'full_page_writes=off'],
      ].flat(),
      { ...owner, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    child.stderr?.on('data', (chunk: Buffer) => {
      lastOutput = `${lastOutput}${chunk.toString('utf8')}`.slice(-2000);
    });
    await waitUntilAnswering(`postgres://postgres@127.0.0.1:${port}/postgres`, 15_000, child, () => lastOutput);
  };
  const stop = async () => {
    const running = child;
    child = undefined;
    // SIGINT is Postgres's "fast" shutdown: sessions are terminated, the data stays consistent.
    await stopProcess(running, 'SIGINT');
  };

  await start();
  const url = `postgres://postgres@127.0.0.1:${port}`;
  return {
    url,
    port,
    databaseUrl: (name) => `${url}/${name}`,
    stop,
    restart: start,
    async destroy() {
      await stop();
      rmSync(home, { recursive: true, force: true });
    },
  };
}

function postgresUser(): { uid: number; gid: number } {
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  return { uid: id('-u'), gid: id('-g') };
}

/** Postgres listens before it accepts queries ("the database system is starting up"): wait for a real answer. */
async function waitUntilAnswering(url: string, timeoutMs: number, child: ChildProcess, output: () => string) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`postgres exited during start: ${output()}`);
    const client = new Client({ connectionString: url, connectionTimeoutMillis: 1000 });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.query('SELECT 1');
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    } finally {
      await client.end().catch(() => undefined);
    }
  }
  throw new Error(`postgres did not answer within ${timeoutMs} ms: ${output()}`);
}
