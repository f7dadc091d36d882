import { MALLOC_ARENA_MAX, NODE_MEMORY_FLAGS } from '@tessera/launcher';
import { appOf, environmentOf, loadCompose } from './compose';
import { readConfigTable } from './config-table';
import { assignments, imageProblems, instructionsOf, parseDockerfile } from './dockerfile';
import { appOfEntrypoint, parseEnvFile, readRepoFile } from './repo';

const secretNames = readConfigTable()
  .filter((option) => option.secret)
  .map((option) => option.name);
const isAppEntrypoint = (path: string) => appOfEntrypoint(path) !== undefined;

describe('Dockerfile', () => {
  const dockerfile = parseDockerfile(readRepoFile('Dockerfile'));
  const runtime = dockerfile.stages[dockerfile.stages.length - 1];
  const runtimeEnv = Object.assign({}, ...instructionsOf(runtime, 'ENV').map(({ args }) => assignments(args)));

  it('builds on Node 24 slim in two stages, runs production dependencies as non-root, holds no secret', () => {
    expect(imageProblems(dockerfile, secretNames, isAppEntrypoint)).toEqual([]);
  });

  it('runs the gateway unless the command names another app, in production mode', () => {
    expect(appOfEntrypoint(JSON.parse(instructionsOf(runtime, 'CMD')[0].args)[0])).toBe('gateway');
    expect(runtimeEnv.NODE_ENV).toBe('production');
  });

  it("runs each process with the memory settings of `npm start`'s launcher", () => {
    expect(runtimeEnv.NODE_OPTIONS).toBe(NODE_MEMORY_FLAGS.join(' '));
    expect(runtimeEnv.MALLOC_ARENA_MAX).toBe(MALLOC_ARENA_MAX);
  });

  it('health-checks HEALTH_PORT, the one port compose and Kubernetes use for every process', () => {
    expect(instructionsOf(runtime, 'HEALTHCHECK')[0]?.args).toMatch(/process\.env\.HEALTH_PORT/);
    const configMap = parseEnvFile(readRepoFile('k8s/base/config.env'), 'k8s/base/config.env');
    const composePorts = Object.values(loadCompose().services)
      .filter((service) => appOf(service))
      .map((service) => environmentOf(service).HEALTH_PORT);
    expect(new Set([runtimeEnv.HEALTH_PORT, configMap.HEALTH_PORT, ...composePorts])).toEqual(new Set(['9400']));
  });

  it('fails every basic on fixtures/not-ok/Dockerfile', () => {
    const bad = parseDockerfile(readRepoFile('tools/deployment/fixtures/not-ok/Dockerfile'));
    expect(imageProblems(bad, secretNames, isAppEntrypoint)).toEqual([
      'the runtime stage copies nothing from a build stage',
      'stage on node:latest, not node:24-bookworm-slim',
      'the build stage has no full `npm ci`',
      'the build stage does not `npm run build`',
      'the runtime stage runs `npm install && npm run build`, not `npm ci --omit=dev`',
      'the runtime stage copies no dist/',
      'the runtime stage copies the whole source tree',
      'the runtime stage does not switch to a non-root USER',
      'ENV/ARG ADMIN_API_KEY looks like a secret',
      'ENV/ARG SIGNING_KEY_ENCRYPTION_KEY looks like a secret',
      'no HEALTHCHECK on /healthz',
      'ENTRYPOINT is not ["node"]',
      'CMD does not name an app (dist/apps/<app>/main.js)',
    ]);
  });
});

describe('.dockerignore', () => {
  it('keeps local env files, dependencies, build output and git history out of the build context', () => {
    const ignored = readRepoFile('.dockerignore')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line && !line.startsWith('#'));
    expect(ignored).toEqual(expect.arrayContaining(['.env', '.env.*', 'node_modules', 'dist', '.git']));
    expect(ignored.filter((line) => line.startsWith('!'))).toEqual([]);
  });
});
