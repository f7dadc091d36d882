import { ensureDatabase } from '@tessera/database';
import { launchStack, TESSERA_APPS, type LaunchedStack, type TesseraApp } from '@tessera/launcher';
import {
  freePort,
  startNatsServer,
  startPostgresServer,
  startRedisServer,
  type TestNatsServer,
  type TestPostgresServer,
  type TestRedisServer,
} from '@tessera/testing';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { Pool } from 'pg';
import { buildTessera, repositoryRoot } from './build';

/** The five NATS services: the processes a second replica is started for. */
export const SERVICES = TESSERA_APPS.filter((app) => app !== 'gateway');

/** NATS_REQUEST_TIMEOUT_MS of the stack under test: short, so outages cost the load little time. */
export const REQUEST_TIMEOUT_MS = 2000;

export interface StackProcess {
  name: string;
  app: TesseraApp;
  replica: number;
  child: ChildProcess;
  healthPort: number;
}

export interface ThrowawayStack {
  issuer: string;
  adminKey: string;
  nats: TestNatsServer;
  redis: TestRedisServer;
  postgres: TestPostgresServer;
  processes: StackProcess[];
  logFile: string;
  /** Calls the admin API with the stack's key. */
  admin(path: string, init?: RequestInit): Promise<Response>;
  /** A query against the stack's database (every schema), for after-the-fact integrity checks. */
  sql<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** Processes that exited although nobody killed them ("crashed"), as `name: code/signal`. */
  unexpectedExits(): string[];
  /** Processes still running. */
  alive(): StackProcess[];
  /** SIGKILL, as a node failure or the OOM killer would: no shutdown hooks, in-flight work lost. */
  kill(process: StackProcess): Promise<void>;
  /** The status of a process's /readyz (0 when it does not answer). */
  readiness(process: StackProcess): Promise<number>;
  teardown(): Promise<void>;
}

export interface StackOptions {
  /** Names the log file (tmp/resilience-logs/<name>.log). */
  name: string;
  /** Replicas of each service (the gateway is always one). */
  replicas: 1 | 2;
  env?: Record<string, string>;
}

/**
 * Tessera as `npm start` runs it, from dist/, against throwaway NATS, Redis and Postgres servers that this test
 * file owns (so it may stop, restart and kill them), optionally with a second replica of each service started
 * beside the launcher's. Everything it started is stopped by `teardown()`, also after a failed start.
 */
export async function startThrowawayStack(options: StackOptions): Promise<ThrowawayStack> {
  const cleanups: Array<() => Promise<void>> = [];
  const teardown = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
    cleanups.length = 0;
  };
  try {
    return await start(options, cleanups, teardown);
  } catch (error) {
    await teardown();
    throw error;
  }
}

async function start(
  options: StackOptions,
  cleanups: Array<() => Promise<void>>,
  teardown: () => Promise<void>,
): Promise<ThrowawayStack> {
  buildTessera();
  const [nats, redis, postgres] = await Promise.all([startNatsServer(), startRedisServer(), startPostgresServer()]);
  cleanups.push(
    () => nats.destroy(),
    () => redis.destroy(),
    () => postgres.destroy(),
  );
  const databaseUrl = postgres.databaseUrl('tessera');
  await ensureDatabase(databaseUrl);

  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  const adminKey = randomBytes(32).toString('base64url');
  const env: NodeJS.ProcessEnv = {
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'warn',
    PORT: String(port),
    ISSUER: issuer,
    ADMIN_API_KEY: adminKey,
    NATS_URL: nats.url,
    REDIS_URL: redis.url,
    REDIS_NAMESPACE: 'resilience',
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_SIZE: '5',
    NATS_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
    // The cheapest argon2id the accounts service accepts: sign-ins are part of the load, hashing cost is not.
    PASSWORD_HASH_MEMORY_KIB: '8192',
    PASSWORD_HASH_TIME_COST: '1',
    ...options.env,
  };

  const logDir = path.join(repositoryRoot, 'tmp', 'resilience-logs');
  mkdirSync(logDir, { recursive: true });
  const logFile = path.join(logDir, `${options.name}.log`);
  const log = createWriteStream(logFile);
  log.on('error', () => undefined); // a line arriving after the end of the run is dropped
  cleanups.push(() => new Promise<void>((resolve) => log.end(() => resolve())));

  const processes: StackProcess[] = [];
  const exits: string[] = [];
  const killedOnPurpose = new Set<string>();
  let stopping = false;

  const healthPorts = Object.fromEntries(
    await Promise.all(TESSERA_APPS.map(async (app) => [app, await freePort()] as const)),
  ) as Record<TesseraApp, number>;
  const stack: LaunchedStack = await launchStack({
    distDir: path.join(repositoryRoot, 'dist'),
    env,
    output: 'json',
    logStream: log,
    healthPorts,
    readyUrl: `${issuer}/.well-known/openid-configuration`,
    readyTimeoutMs: 120_000,
    onUnexpectedExit: (app, code, signal) => {
      if (!stopping && !killedOnPurpose.has(`${app}-1`)) exits.push(`${app}-1: ${signal ?? `code ${code}`}`);
    },
  });
  cleanups.push(async () => {
    stopping = true;
    await stack.stop(5000);
  });
  for (const app of TESSERA_APPS) {
    processes.push({
      name: `${app}-1`,
      app,
      replica: 1,
      child: stack.processes.get(app) as ChildProcess,
      healthPort: healthPorts[app],
    });
  }

  if (options.replicas === 2) {
    const replicas = await Promise.all(
      SERVICES.map(async (app) => {
        const healthPort = await freePort();
        const child = spawnReplica(app, { ...env, HEALTH_PORT: String(healthPort) }, log);
        const replica: StackProcess = { name: `${app}-2`, app, replica: 2, child, healthPort };
        cleanups.push(() => stopChild(child));
        child.once('exit', (code, signal) => {
          if (!stopping && !killedOnPurpose.has(replica.name))
            exits.push(`${replica.name}: ${signal ?? `code ${code}`}`);
        });
        return replica;
      }),
    );
    await Promise.all(replicas.map((replica) => waitUntilReady(replica, 120_000)));
    processes.push(...replicas);
  }

  const pool = new Pool({ connectionString: databaseUrl, max: 2, connectionTimeoutMillis: 3000 });
  pool.on('error', () => undefined);
  cleanups.push(() => pool.end());
  // Runs first (cleanups run in reverse): from here on, exits are the teardown's doing.
  cleanups.push(async () => {
    stopping = true;
  });

  const isAlive = (child: ChildProcess) => child.exitCode === null && child.signalCode === null;
  return {
    issuer,
    adminKey,
    nats,
    redis,
    postgres,
    processes,
    logFile,
    admin: (apiPath, init = {}) =>
      fetch(`${issuer}${apiPath}`, {
        ...init,
        headers: {
          authorization: `Bearer ${adminKey}`,
          ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(init.headers as Record<string, string> | undefined),
        },
        signal: AbortSignal.timeout(15_000),
      }),
    sql: async <T>(text: string, params: unknown[] = []) => (await pool.query(text, params)).rows as T[],
    unexpectedExits: () => [...exits],
    alive: () => processes.filter((process) => isAlive(process.child)),
    async kill(target) {
      killedOnPurpose.add(target.name);
      if (!isAlive(target.child)) return;
      await new Promise<void>((resolve) => {
        target.child.once('exit', () => resolve());
        target.child.kill('SIGKILL');
      });
    },
    readiness: async (target) => {
      try {
        const response = await fetch(`http://127.0.0.1:${target.healthPort}/readyz`, {
          signal: AbortSignal.timeout(3000),
        });
        return response.status;
      } catch {
        return 0;
      }
    },
    teardown,
  };
}

function spawnReplica(app: TesseraApp, env: NodeJS.ProcessEnv, log: WriteStream): ChildProcess {
  const child = spawn(
    process.execPath,
    ['--enable-source-maps', path.join(repositoryRoot, 'dist', 'apps', app, 'main.js')],
    { env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  for (const stream of [child.stdout, child.stderr]) {
    if (stream) createInterface({ input: stream }).on('line', (line) => log.write(`${line}\n`));
  }
  return child;
}

async function waitUntilReady(replica: StackProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (replica.child.exitCode !== null) throw new Error(`${replica.name} exited during start`);
    try {
      const response = await fetch(`http://127.0.0.1:${replica.healthPort}/readyz`, {
        signal: AbortSignal.timeout(2000),
      });
      if (response.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${replica.name} did not become ready within ${timeoutMs} ms`);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(killer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
