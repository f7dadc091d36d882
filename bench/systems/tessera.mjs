// Tessera under test: the real stack as `npm start` runs it (the gateway and five services from the build,
// Postgres, Redis, JetStream NATS), on free ports with a fresh database, a private NATS server and its own Redis
// namespace, all removed afterwards.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, createWriteStream, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Browser, hiddenFields } from '../lib/browser.mjs';
import { UnexpectedResponse, basicAuthorization } from '../lib/http-client.mjs';
import { cpuMillis, findPids } from '../lib/process-meter.mjs';
import { FLOW_SCOPE, authorizeQuery, codeFromRedirect, exchangeCode, pkcePair } from '../lib/workloads.mjs';

const require = createRequire(import.meta.url);

/** Builds dist/ as `npm start` does and copies it aside, so a rebuild by someone else cannot swap it mid-run. */
export function buildTessera(root, { skipBuild }) {
  const started = Date.now();
  if (!skipBuild) {
    const build = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { stdio: 'inherit' });
    if (build.status !== 0) throw new Error('npm run build failed');
  }
  const buildMs = Date.now() - started;
  const distDir = path.join(root, 'tmp', `bench-dist-${process.pid}`);
  rmSync(distDir, { recursive: true, force: true });
  cpSync(path.join(root, 'dist'), distDir, { recursive: true });
  return { distDir, buildMs: skipBuild ? null : buildMs };
}

/** The Postgres server the bench creates its throwaway databases on. */
export const benchPostgresUrl = () =>
  process.env.BENCH_POSTGRES_URL ?? process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432';

/**
 * Starts the stack. `nodeOptions` reaches every Tessera process (e.g. `--cpu-prof` for a profiling run).
 * Resolves once discovery answers, with the time that took (fresh database: migrations included).
 */
export async function startTessera({ distDir, logFile, nodeOptions }) {
  const { launchStack, TESSERA_APPS } = require(path.join(distDir, 'libs/launcher/index.js'));
  const { ensureDatabase, dropDatabase } = require(path.join(distDir, 'libs/database/index.js'));
  const { freePort, startNatsServer } = require(path.join(distDir, 'libs/testing/index.js'));

  const suffix = randomBytes(5).toString('hex');
  const postgres = benchPostgresUrl();
  const databaseName = `tessera_bench_${suffix}`;
  const databaseUrl = `${postgres}/${databaseName}`;
  const redisUrl = process.env.BENCH_REDIS_URL ?? process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
  const redisNamespace = `bench-${suffix}`;
  const nats = await startNatsServer();
  const cleanups = [() => nats.destroy()];
  const cleanup = async () => {
    for (const step of cleanups.reverse()) await step().catch(() => undefined);
  };

  try {
    await ensureDatabase(databaseUrl);
    cleanups.push(() => dropDatabase(databaseUrl));
    cleanups.push(() => deleteRedisNamespace(redisUrl, redisNamespace));
    const port = await freePort();
    const healthPorts = Object.fromEntries(await Promise.all(TESSERA_APPS.map(async (app) => [app, await freePort()])));
    const issuer = `http://127.0.0.1:${port}`;
    const adminKey = randomBytes(32).toString('base64url');
    const env = {
      ...process.env,
      NODE_ENV: 'development',
      LOG_LEVEL: 'warn',
      PORT: String(port),
      ISSUER: issuer,
      ADMIN_API_KEY: adminKey,
      NATS_URL: nats.url,
      DATABASE_URL: databaseUrl,
      REDIS_URL: redisUrl,
      REDIS_NAMESPACE: redisNamespace,
      ...(nodeOptions ? { NODE_OPTIONS: [process.env.NODE_OPTIONS, nodeOptions].filter(Boolean).join(' ') } : {}),
    };
    mkdirSync(path.dirname(logFile), { recursive: true });
    const started = Date.now();
    const stack = await launchStack({
      distDir,
      env,
      output: 'json',
      logStream: createWriteStream(logFile),
      healthPorts,
      readyUrl: `${issuer}/.well-known/openid-configuration`,
      readyTimeoutMs: 60_000,
    });
    const readyMs = Date.now() - started;
    cleanups.push(() => stack.stop());
    // Discovery answering is `npm start`'s "ready", but it only needs the gateway: wait for every process's
    // readiness probe too (services still migrating or subscribing answer 503), and report both.
    await waitForReadiness(Object.values(healthPorts), 60_000);
    const allReadyMs = Date.now() - started;
    const pids = Object.fromEntries([...stack.processes].map(([app, child]) => [app, child.pid]));
    // CPU the six processes spent getting there: unlike the wall time, hardly changed by a busy machine.
    const startupCpuMs = Object.values(pids).reduce((sum, pid) => sum + (cpuMillis(pid) ?? 0), 0);
    return {
      name: 'tessera',
      issuer,
      natsUrl: nats.url,
      adminKey,
      readyMs,
      allReadyMs,
      startupCpuMs,
      pids,
      /** Where CPU goes besides the six processes: the private NATS server, this database's Postgres backends and
       * the (shared) Redis server. Looked up when asked, since Postgres backends come with the connection pools. */
      infrastructurePids: () => ({
        'nats-server': findPids(({ comm, cmdline }) => comm === 'nats-server' && cmdline.includes(` -p ${nats.port} `)),
        postgres: findPids(({ comm, cmdline }) => comm === 'postgres' && cmdline.includes(` ${databaseName} `)),
        'redis-server (shared)': findPids(({ comm }) => comm === 'redis-server'),
      }),
      stop: cleanup,
    };
  } catch (error) {
    await cleanup();
    throw error;
  }
}

async function waitForReadiness(ports, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  const pending = new Set(ports);
  while (pending.size > 0) {
    if (Date.now() > deadline)
      throw new Error(`health ports ${[...pending].join(', ')} not ready within ${timeoutMs} ms`);
    for (const port of [...pending]) {
      const ok = await fetch(`http://127.0.0.1:${port}/readyz`, { signal: AbortSignal.timeout(1000) }).then(
        (response) => response.status === 200,
        () => false,
      );
      if (ok) pending.delete(port);
    }
    if (pending.size > 0) await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function deleteRedisNamespace(url, namespace) {
  const Redis = require('ioredis');
  const redis = new Redis(url, { lazyConnect: true });
  await redis.connect();
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${namespace}:*`, 'COUNT', 1000);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

const REDIRECT_URI = 'https://rp.bench.example/callback';

/**
 * Registers a user and a confidential client through the admin API. The result is the target every workload runs
 * against, with `signIn`: a new browser signing in (and consenting, the first time) through the hosted pages, as a
 * person would. The bench signs in whenever it needs sessions.
 */
export async function prepareTessera(system, http, { accessTokenFormat = 'jwt' } = {}) {
  const admin = async (pathname, body) => {
    const response = await http.request({
      method: 'POST',
      path: pathname,
      headers: { authorization: `Bearer ${system.adminKey}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (response.status !== 200) throw new UnexpectedResponse(`admin POST ${pathname}`, response);
    return JSON.parse(response.text);
  };
  const password = `bench-${randomBytes(12).toString('base64url')}`;
  const email = 'bench.user@example.com';
  await admin('/v1/users', {
    email_address: [email],
    password,
    first_name: 'Bench',
    last_name: 'User',
  });
  const application = await admin('/v1/oauth_applications', {
    name: 'Bench RP',
    redirect_uris: [REDIRECT_URI],
    scopes: 'openid profile email offline_access',
    public: false,
    consent_screen_enabled: true,
    pkce_required: true,
    access_token_format: accessTokenFormat,
  });

  const target = {
    clientId: application.client_id,
    basic: basicAuthorization(application.client_id, application.client_secret),
    redirectUri: REDIRECT_URI,
    paths: {
      authorize: '/oauth/authorize',
      token: '/oauth/token',
      userinfo: '/oauth/userinfo',
      introspection: '/oauth/token_info',
      jwks: '/.well-known/jwks.json',
      discovery: '/.well-known/openid-configuration',
    },
  };

  /**
   * A new browser signs in (the first one also consents; the others find the consent remembered and see only the
   * sign-in page).
   */
  target.signIn = async () => {
    const browser = new Browser(http);
    const { verifier, challenge } = pkcePair();
    const query = authorizeQuery(target, { challenge, state: 'setup', nonce: 'setup', scope: FLOW_SCOPE });
    const landed = await browser.walk(`${target.paths.authorize}?${query}`, (pathname, html) => {
      const fields = hiddenFields(html);
      if (pathname === '/sign-in') return { path: '/sign-in', fields: { ...fields, identifier: email, password } };
      if (pathname === '/consent') return { path: '/consent', fields: { ...fields, consented: 'true' } };
      throw new Error(`unexpected page ${pathname} during sign-in`);
    });
    const tokens = await exchangeCode(target, http, codeFromRedirect(landed), verifier);
    const session = browser.jar.get('tessera_session');
    if (!session) throw new Error('sign-in left no tessera_session cookie');
    return { cookie: `tessera_session=${session}`, tokens };
  };
  return target;
}
