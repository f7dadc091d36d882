import { existsSync } from 'node:fs';
import path from 'node:path';
import {
  appOf,
  commandOf,
  COMPOSE_FILE,
  composeSchemaProblems,
  dependenciesOf,
  envFilesOf,
  environmentOf,
  healthcheckUrls,
  loadCompose,
  type ComposeService,
} from './compose';
import { readConfigTable, requiredFor } from './config-table';
import { APPS, parseEnvFile, readRepoFile, repoPath, type App } from './repo';

const table = readConfigTable();
const schemaOwners = table.find((option) => option.name === 'DATABASE_URL')?.readBy ?? [];

describe(COMPOSE_FILE, () => {
  const compose = loadCompose();
  const services = Object.entries(compose.services);
  const tessera = services.flatMap(([name, service]) => {
    const app = appOf(service);
    return app ? [{ name, service, app, env: environmentOf(service) }] : [];
  });
  const processOf = (app: App) => tessera.find((entry) => entry.app === app)!;

  it('validates against the Compose specification schema', () => {
    expect(composeSchemaProblems(compose)).toEqual([]);
  });

  it('fails what the schema forbids: an unknown key, a malformed duration', () => {
    const broken = structuredClone(compose) as unknown as { services: Record<string, Record<string, unknown>> };
    broken.services.gateway.helthcheck = {};
    broken.services.nats.healthcheck = { test: ['CMD', 'true'], interval: '5 seconds' };
    expect(composeSchemaProblems(broken)).toEqual(
      expect.arrayContaining([
        expect.stringContaining('must NOT have additional properties {"additionalProperty":"helthcheck"}'),
        expect.stringContaining('/services/nats/healthcheck/interval must match format "duration"'),
      ]),
    );
  });

  it('runs each Tessera process once', () => {
    expect(tessera.map(({ app }) => app).sort()).toEqual([...APPS].sort());
  });

  it('builds from a Dockerfile in the repository, and pins every other image', () => {
    const problems = services.flatMap(([name, service]) => {
      if (!service.build) {
        const tag = /:([^/:@]+)$/.exec(service.image ?? '')?.[1];
        return !tag || tag === 'latest' ? [`${name}: image ${service.image} is not pinned`] : [];
      }
      const { context, dockerfile = 'Dockerfile' } =
        typeof service.build === 'string' ? { context: service.build } : service.build;
      return [
        !existsSync(repoPath(context)) && `${name}: build context ${context} does not exist`,
        !existsSync(repoPath(context, dockerfile)) && `${name}: ${path.join(context, dockerfile)} does not exist`,
      ].filter((problem): problem is string => Boolean(problem));
    });
    expect(problems).toEqual([]);
    expect(tessera.every(({ service }) => service.build)).toBe(true);
  });

  it('reads every env_file from the repository', () => {
    const files = services.flatMap(([, service]) => envFilesOf(service));
    expect(files.filter((file) => !existsSync(repoPath(file)))).toEqual([]);
  });

  it('sets every variable each process reads, none of them empty', () => {
    const problems = tessera.flatMap(({ name, app, env }) => [
      ...requiredFor(table, app)
        .filter((variable) => env[variable] === undefined)
        .map((variable) => `${name}: ${variable} is not set`),
      ...Object.entries(env)
        .filter(([, value]) => value === '')
        .map(([variable]) => `${name}: ${variable} is empty (leave it out to get the default)`),
    ]);
    expect(problems).toEqual([]);
  });

  it('health-checks each process on its HEALTH_PORT at /healthz', () => {
    const problems = tessera.flatMap(({ name, service, env }) => {
      const urls = healthcheckUrls(service);
      if (urls.length === 0) return [`${name}: no HTTP health check`];
      return urls
        .map((url) => new URL(url))
        .filter((url) => url.port !== env.HEALTH_PORT || url.pathname !== '/healthz')
        .map((url) => `${name}: health check ${url.href} is not /healthz on HEALTH_PORT ${env.HEALTH_PORT}`);
    });
    expect(problems).toEqual([]);
  });

  it('starts each process after healthy NATS and Redis, and Postgres for schema owners', () => {
    const problems = tessera.flatMap(({ name, app, service }) => {
      const dependencies = dependenciesOf(service);
      const needed = ['nats', 'redis', ...(schemaOwners.includes(app) ? ['postgres'] : [])];
      return needed
        .filter((dependency) => dependencies[dependency] !== 'service_healthy')
        .map((dependency) => `${name}: does not wait for a healthy ${dependency}`);
    });
    expect(problems).toEqual([]);
  });

  it('waits only on services that have a health check', () => {
    const problems = services.flatMap(([name, service]) =>
      Object.entries(dependenciesOf(service))
        .filter(
          ([dependency, condition]) => condition === 'service_healthy' && !compose.services[dependency]?.healthcheck,
        )
        .map(([dependency]) => `${name}: waits for ${dependency}, which has no health check`),
    );
    expect(problems).toEqual([]);
  });

  it('publishes only the gateway, on host port 3000 to its PORT', () => {
    const published = services.filter(([, service]) => service.ports?.length).map(([name]) => name);
    expect(published).toEqual([processOf('gateway').name]);
    expect(processOf('gateway').service.ports).toEqual([`3000:${processOf('gateway').env.PORT}`]);
  });

  it('keeps NATS and Postgres data on named volumes', () => {
    const volumeAt = (service: ComposeService, target: string) =>
      service.volumes
        ?.map((volume) => (typeof volume === 'string' ? volume.split(':') : [volume.source, volume.target]))
        .find(([, mountedAt]) => mountedAt === target)?.[0];
    const natsStore = commandOf(compose.services.nats)[commandOf(compose.services.nats).indexOf('-sd') + 1];
    const named = Object.keys(compose.volumes ?? {});
    expect(named).toContain(volumeAt(compose.services.nats, natsStore));
    expect(named).toContain(volumeAt(compose.services.postgres, '/var/lib/postgresql/data'));
  });

  it('points every process at the NATS, Redis and Postgres it starts, and ISSUER at the published port', () => {
    const postgres = environmentOf(compose.services.postgres);
    const problems = tessera.flatMap(({ name, app, env }) => {
      const issuer = new URL(env.ISSUER);
      const database = schemaOwners.includes(app) ? new URL(env.DATABASE_URL) : undefined;
      return [
        !compose.services[new URL(env.NATS_URL).hostname] && `${name}: NATS_URL names no service`,
        !compose.services[new URL(env.REDIS_URL).hostname] && `${name}: REDIS_URL names no service`,
        database && database.hostname !== 'postgres' && `${name}: DATABASE_URL does not name the postgres service`,
        database &&
          (database.username !== postgres.POSTGRES_USER ||
            database.password !== postgres.POSTGRES_PASSWORD ||
            database.pathname !== `/${postgres.POSTGRES_DB}`) &&
          `${name}: DATABASE_URL does not match the postgres service's user, password and database`,
        issuer.port !== '3000' && `${name}: ISSUER ${env.ISSUER} is not the published port 3000`,
        env.NODE_ENV === 'production' && issuer.protocol !== 'https:' && `${name}: production needs an https ISSUER`,
      ].filter(Boolean);
    });
    expect(problems).toEqual([]);
  });
});

describe('.env.example', () => {
  it('sets only documented variables', () => {
    const documented = table.map((option) => option.name);
    const set = Object.keys(parseEnvFile(readRepoFile('.env.example'), '.env.example'));
    expect(set.filter((name) => !documented.includes(name))).toEqual([]);
  });
});
