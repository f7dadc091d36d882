import { spawn, type ChildProcess } from 'node:child_process';
import { freePort } from './free-port';
import { stopProcess } from './stop-process';
import { waitForPort } from './wait-for-port';

const REDIS_SERVER_BINARY = process.env.REDIS_SERVER_BINARY ?? '/usr/bin/redis-server';

export interface TestRedisServer {
  url: string;
  port: number;
  /** Stops the server. It keeps nothing (no RDB, no AOF): `restart()` comes back empty, as Redis without persistence. */
  stop(): Promise<void>;
  /** Starts the server again on the same port. */
  restart(): Promise<void>;
  /** Stops the server for good. */
  destroy(): Promise<void>;
}

/**
 * A private redis-server on a free port, without persistence, for tests that stop and restart Redis (outages)
 * without touching the machine's Redis.
 */
export async function startRedisServer(): Promise<TestRedisServer> {
  const port = await freePort();
  let child: ChildProcess | undefined;

  const start = async () => {
    child = spawn(
      REDIS_SERVER_BINARY,
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--loglevel', 'warning'],
      { stdio: 'ignore' },
    );
    await waitForPort(port, 5000, 'redis-server');
  };
  const stop = async () => {
    const running = child;
    child = undefined;
    await stopProcess(running, 'SIGTERM');
  };

  await start();
  return { url: `redis://127.0.0.1:${port}`, port, stop, restart: start, destroy: stop };
}
