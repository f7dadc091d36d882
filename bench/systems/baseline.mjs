// The baseline under test: oidc-provider (see oidc-provider-server.mjs) in a child process on a free port.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Browser } from '../lib/browser.mjs';
import { basicAuthorization } from '../lib/http-client.mjs';
import { FLOW_SCOPE, authorizeQuery, codeFromRedirect, exchangeCode, pkcePair } from '../lib/workloads.mjs';

const SERVER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'oidc-provider-server.mjs');
const REDIRECT_URI = 'https://rp.bench.example/callback';

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

export async function startBaseline({ nodeOptions } = {}) {
  const port = await freePort();
  const clientId = 'bench-client';
  const clientSecret = randomBytes(32).toString('base64url');
  const started = Date.now();
  const child = spawn(process.execPath, [SERVER, String(port)], {
    env: {
      ...process.env,
      NODE_ENV: 'development',
      BENCH_CLIENT_ID: clientId,
      BENCH_CLIENT_SECRET: clientSecret,
      BENCH_REDIRECT_URI: REDIRECT_URI,
      ...(nodeOptions ? { NODE_OPTIONS: nodeOptions } : {}),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr = (stderr + chunk).slice(-4000)));
  const ready = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('oidc-provider did not start within 20 s')), 20_000);
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (line.startsWith('{"ready":true')) {
        clearTimeout(timer);
        resolve(JSON.parse(line));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`oidc-provider exited during start (code ${code}): ${stderr.trim()}`));
    });
  });
  return {
    name: 'oidc-provider',
    issuer: ready.issuer,
    clientId,
    clientSecret,
    readyMs: Date.now() - started,
    pids: { 'oidc-provider': child.pid },
    infrastructurePids: () => ({}),
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
        child.once('exit', () => {
          clearTimeout(killer);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

/**
 * The target every workload runs against, with `signIn`: a new browser signing the fixed person in and consenting
 * (the interaction routes complete both without pages). The bench signs in whenever it needs sessions.
 */
export async function prepareBaseline(system, http) {
  const target = {
    clientId: system.clientId,
    basic: basicAuthorization(system.clientId, system.clientSecret),
    redirectUri: REDIRECT_URI,
    paths: {
      authorize: '/auth',
      token: '/token',
      userinfo: '/me',
      introspection: '/token/introspection',
      jwks: '/jwks',
      discovery: '/.well-known/openid-configuration',
    },
  };
  /** A new browser signs in and consents (a new oidc-provider session, so a grant of its own). */
  target.signIn = async () => {
    const browser = new Browser(http);
    const { verifier, challenge } = pkcePair();
    const query = authorizeQuery(target, { challenge, state: 'setup', nonce: 'setup', scope: FLOW_SCOPE });
    const landed = await browser.walk(`${target.paths.authorize}?${query}`, (pathname) => {
      throw new Error(`unexpected page ${pathname} during sign-in`);
    });
    const tokens = await exchangeCode(target, http, codeFromRedirect(landed), verifier);
    if (!browser.jar.get('_session')) throw new Error('sign-in left no _session cookie');
    // The session cookie and its signature are all W1 needs (the interaction cookies are spent).
    return { cookie: browser.jar.header(target.paths.authorize), tokens };
  };
  return target;
}
