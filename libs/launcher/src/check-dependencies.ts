import { connect } from 'node:net';

interface Dependency {
  name: string;
  variable: string;
  url: string;
  defaultPort: number;
  howToStart: string;
}

/** Resolves when a TCP connection to host:port opens, rejects after `timeoutMs`. */
function canConnect(host: string, port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/**
 * Checks that Postgres, Redis and NATS accept connections. Returns one line per unreachable dependency, naming
 * it, its address and how to start it; an empty list means all are up.
 */
export async function unreachableDependencies(env: NodeJS.ProcessEnv, timeoutMs = 2000): Promise<string[]> {
  const dependencies: Dependency[] = [
    {
      name: 'Postgres',
      variable: 'DATABASE_URL',
      url: env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/tessera',
      defaultPort: 5432,
      howToStart:
        "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start (or 'docker compose up -d postgres')",
    },
    {
      name: 'Redis',
      variable: 'REDIS_URL',
      url: env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      defaultPort: 6379,
      howToStart: "redis-server --daemonize yes --bind 127.0.0.1 --port 6379 (or 'docker compose up -d redis')",
    },
    {
      name: 'NATS',
      variable: 'NATS_URL',
      url: (env.NATS_URL ?? 'nats://127.0.0.1:4222').split(',')[0],
      defaultPort: 4222,
      howToStart: "nats-server -a 127.0.0.1 -p 4222 -js (or 'docker compose up -d nats')",
    },
  ];
  const results = await Promise.all(
    dependencies.map(async (dependency) => {
      let host: string;
      let port: number;
      try {
        const url = new URL(dependency.url);
        host = url.hostname.replace(/^\[|\]$/g, '');
        port = Number(url.port) || dependency.defaultPort;
      } catch {
        return `${dependency.name}: ${dependency.variable} is not a valid URL.`;
      }
      if (await canConnect(host, port, timeoutMs)) return undefined;
      return `${dependency.name} is not reachable at ${host}:${port} (${dependency.variable}). Start it with: ${dependency.howToStart}`;
    }),
  );
  return results.filter((line): line is string => line !== undefined);
}
