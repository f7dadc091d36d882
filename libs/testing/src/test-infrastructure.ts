import Redis from 'ioredis';
import { randomBytes } from 'node:crypto';
import { startNatsServer, type TestNatsServer } from './nats-server';
import { createTestDatabase, type TestDatabase } from './test-database';

export interface TestInfrastructure {
  nats: TestNatsServer;
  database: TestDatabase;
  redisNamespace: string;
  /** Environment for any Tessera app wired to this infrastructure; `overrides` win. */
  env(overrides?: Record<string, string>): NodeJS.ProcessEnv;
  teardown(): Promise<void>;
}

/**
 * Everything one test file needs: a private NATS server, its own database and its own Redis namespace on the
 * machine's Redis. `teardown()` removes all of it.
 */
export async function startTestInfrastructure(): Promise<TestInfrastructure> {
  const [nats, database] = await Promise.all([startNatsServer(), createTestDatabase()]);
  const redisNamespace = `test-${randomBytes(5).toString('hex')}`;
  return {
    nats,
    database,
    redisNamespace,
    env: (overrides = {}) => ({
      NODE_ENV: 'test',
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      NATS_URL: nats.url,
      DATABASE_URL: database.url,
      REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
      REDIS_NAMESPACE: redisNamespace,
      HEALTH_PORT: '0',
      PORT: '0',
      NATS_REQUEST_TIMEOUT_MS: '3000',
      ...overrides,
    }),
    async teardown() {
      await Promise.all([nats.destroy(), database.drop(), deleteRedisNamespace(redisNamespace)]);
    },
  };
}

async function deleteRedisNamespace(namespace: string): Promise<void> {
  const redis = new Redis(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379', { lazyConnect: true });
  await redis.connect();
  try {
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${namespace}:*`, 'COUNT', 500);
      if (keys.length) await redis.del(...keys);
      cursor = next;
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}
