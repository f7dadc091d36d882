#!/usr/bin/env node
// `npm start`: build, check that Postgres, Redis and NATS answer (one line each that does not, exit 1),
// create the database if needed, then run the gateway and the five services in the foreground with readable,
// prefixed logs until SIGINT/SIGTERM. Each service runs its own migrations as it starts.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const startedAt = Date.now();

const build = spawnSync(process.execPath, [path.join(root, 'scripts', 'build.mjs')], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const { unreachableDependencies, launchStack, healthPortsFrom } = require(
  path.join(root, 'dist/libs/launcher/index.js'),
);
const { ensureDatabase } = require(path.join(root, 'dist/libs/database/index.js'));

const env = { ...process.env };
const port = env.PORT ?? '3000';
const issuer = (env.ISSUER ?? `http://localhost:${port}`).replace(/\/+$/, '');

const problems = await unreachableDependencies(env);
if (problems.length > 0) {
  for (const line of problems) process.stderr.write(`${line}\n`);
  process.exit(1);
}
try {
  if (await ensureDatabase(env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/tessera')) {
    process.stdout.write('Created the database.\n');
  }
} catch (error) {
  process.stderr.write(`Could not create the database: ${error.message}\n`);
  process.exit(1);
}

let stack;
let shuttingDown = false;
const shutdown = async (code) => {
  if (shuttingDown) return;
  shuttingDown = true;
  process.stdout.write('Stopping Tessera…\n');
  await stack?.stop();
  process.exit(code);
};
process.once('SIGINT', () => void shutdown(0));
process.once('SIGTERM', () => void shutdown(0));

try {
  stack = await launchStack({
    distDir: path.join(root, 'dist'),
    env,
    output: env.LOG_FORMAT === 'json' ? 'json' : 'pretty',
    healthPorts: healthPortsFrom(Number(env.HEALTH_PORT_BASE ?? 9400)),
    readyUrl: `http://127.0.0.1:${port}/.well-known/openid-configuration`,
    onUnexpectedExit: (app, code, signal) => {
      process.stderr.write(`${app} exited (${signal ?? `code ${code}`}); stopping the others.\n`);
      void shutdown(1);
    },
  });
} catch (error) {
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
}
process.stdout.write(
  `\nTessera is ready at ${issuer} (${((Date.now() - startedAt) / 1000).toFixed(1)} s). ` +
    `Discovery: ${issuer}/.well-known/openid-configuration — Ctrl-C stops it.\n\n`,
);
