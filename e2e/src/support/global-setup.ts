import type * as Launcher from '@tessera/launcher';
import type { TesseraApp } from '@tessera/launcher';
import type * as Testing from '@tessera/testing';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';
import { E2E_ENV_KEYS, type E2eStackHandle } from './e2e-keys';

const root = path.resolve(__dirname, '../../..');

export default async function globalSetup(): Promise<void> {
  execFileSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { stdio: 'inherit' });
  // Jest's module mapping does not apply to global setup: load the launcher and test helpers from the build,
  // which is what `npm start` runs too.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded from the build on purpose (see above)
  const { launchStack, TESSERA_APPS } = require(path.join(root, 'dist/libs/launcher/index.js')) as typeof Launcher;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- likewise
  const { freePort, startTestInfrastructure } = require(
    path.join(root, 'dist/libs/testing/index.js'),
  ) as typeof Testing;
  const infrastructure = await startTestInfrastructure();
  const port = await freePort();
  const healthPorts = Object.fromEntries(
    await Promise.all(TESSERA_APPS.map(async (app) => [app, await freePort()] as const)),
  ) as Record<TesseraApp, number>;
  const issuer = `http://127.0.0.1:${port}`;
  const adminKey = randomBytes(32).toString('base64url');
  const env = infrastructure.env({
    PORT: String(port),
    ISSUER: issuer,
    ADMIN_API_KEY: adminKey,
    LOG_LEVEL: 'info',
    DYNAMIC_CLIENT_REGISTRATION: 'true',
  });

  const logDir = path.join(root, 'tmp', 'e2e-logs');
  mkdirSync(logDir, { recursive: true });
  const logFile = path.join(logDir, 'stack.log');
  const stack = await launchStack({
    distDir: path.join(root, 'dist'),
    env,
    output: 'json',
    logStream: createWriteStream(logFile),
    healthPorts,
    readyUrl: `${issuer}/.well-known/openid-configuration`,
    readyTimeoutMs: 60_000,
  });

  const handle: E2eStackHandle = { stack, infrastructure };
  (globalThis as { __tesseraE2e?: E2eStackHandle }).__tesseraE2e = handle;
  Object.assign(process.env, {
    [E2E_ENV_KEYS.issuer]: issuer,
    [E2E_ENV_KEYS.adminKey]: adminKey,
    [E2E_ENV_KEYS.natsUrl]: infrastructure.nats.url,
    [E2E_ENV_KEYS.databaseUrl]: infrastructure.database.url,
    [E2E_ENV_KEYS.redisNamespace]: infrastructure.redisNamespace,
    [E2E_ENV_KEYS.healthPorts]: JSON.stringify(healthPorts),
    [E2E_ENV_KEYS.logFile]: logFile,
  });
}
