// The architecture's floor: how fast any gateway → NATS → service design can do each workload's round trips on
// this machine, with none of Tessera's work in them: no database, no Redis, no validation, no token checks. A bare
// Fastify server answers one route itself (no hop) and the others through nats.js request/replies (writing once
// per event-loop turn, as Tessera's connections do) to bare responders in two other processes
// (bench/systems/hop-floor-process.mjs), under the same closed-loop load as the workloads. Each workload's shape
// is its request/replies and signatures in the steady state, as counted with --profile (client authentication
// and the ID token's profile come from caches then):
//   W2 userinfo        1 request/reply
//   W3 token_info      1 (introspection)
//   W4 refresh_token   1 (the exchange) and two RS256 signatures
//   W1 sign-in flow    two HTTP requests: authorize with 3 (start, authorization check, code mint), then the
//                      token request with 1 and two RS256 signatures
// Of the durable writes, W1 and W4 pay one: a single-row INSERT committed in Postgres per exchange (Tessera writes
// a grant, a refresh token and an event in one transaction, and rotation locks and updates a row). Everything
// else Tessera does (validation, Redis, events, checks) is left out, so these are upper bounds: no Tessera
// workload can beat its shape's figure, and a target above it cannot be met by any design with those hops and
// that write on this machine.
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createHttpClient } from './http-client.mjs';
import { runClosedLoop } from './load-generator.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const pg = require('pg');

function startProcess(role, env) {
  const child = fork(path.join(here, '..', 'systems', 'hop-floor-process.mjs'), [], {
    env: { ...process.env, ...env, FLOOR_ROLE: role },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  return new Promise((resolve, reject) => {
    child.once('message', () => resolve(child));
    child.once('exit', (code) => reject(new Error(`hop floor ${role} exited with ${code}`)));
  });
}

const SHAPES = {
  W2: ['/hops/1'],
  W3: ['/hops/1'],
  W4: ['/hops/1/signed'],
  W1: ['/hops/3', '/hops/1/signed'],
};

/** Measures /direct and each workload's shape for `durationMs` each (after a short warm-up) at `concurrency`. */
export async function measureHopFloor({ distDir, concurrency, durationMs, postgresUrl }) {
  const { freePort, startNatsServer } = require(path.join(distDir, 'libs/testing/index.js'));
  const { ensureDatabase, dropDatabase } = require(path.join(distDir, 'libs/database/index.js'));
  const databaseUrl = `${postgresUrl}/tessera_floor_${randomBytes(5).toString('hex')}`;
  await ensureDatabase(databaseUrl);
  const nats = await startNatsServer();
  const port = await freePort();
  const children = [];
  const http = createHttpClient(`http://127.0.0.1:${port}`, { sockets: concurrency });
  try {
    await createWritesTable(databaseUrl);
    const env = {
      FLOOR_NATS_URL: nats.url,
      FLOOR_DIST_DIR: distDir,
      FLOOR_PORT: String(port),
      FLOOR_DATABASE_URL: databaseUrl,
    };
    children.push(await startProcess('service', env), await startProcess('service', env));
    children.push(await startProcess('edge', env));
    const measure = async (routes) => {
      const unit = async () => {
        for (const route of routes) {
          const response = await http.request({ path: route, headers: { authorization: 'Bearer floor' } });
          if (response.status !== 200) throw new Error(`${route}: HTTP ${response.status}`);
        }
      };
      await runClosedLoop({ unit, concurrency, durationMs: Math.min(1000, durationMs / 2) });
      const { perSecond, p50Ms, p99Ms } = await runClosedLoop({ unit, concurrency, durationMs });
      return { perSecond, p50Ms, p99Ms };
    };
    const direct = await measure(['/direct']);
    const byWorkload = {};
    for (const [id, routes] of Object.entries(SHAPES)) byWorkload[id] = await measure(routes);
    // `oneHop` is W2's shape, kept under its earlier name for the history.
    return { direct, oneHop: byWorkload.W2, byWorkload };
  } finally {
    http.close();
    for (const child of children) child.kill('SIGTERM');
    await nats.destroy();
    await dropDatabase(databaseUrl).catch(() => undefined);
  }
}

async function createWritesTable(databaseUrl) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('CREATE TABLE floor_writes (id bigserial PRIMARY KEY, token text NOT NULL)');
  } finally {
    await client.end();
  }
}
