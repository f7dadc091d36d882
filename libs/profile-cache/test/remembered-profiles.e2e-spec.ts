import { createLogger } from '@tessera/logging';
import { connectNats } from '@tessera/nats';
import { createRedisClient } from '@tessera/redis';
import {
  connectTestRpc,
  eventually,
  profileOf,
  publishEvent,
  startNatsServer,
  startProfileResponder,
  type ProfileResponder,
  type TestNatsServer,
} from '@tessera/testing';
import Redis from 'ioredis';
import type { NatsConnection } from 'nats';
import { randomBytes, randomUUID } from 'node:crypto';
import { ProfileCache, ProfileChangeListener, ProfileSource, RememberedProfiles } from '../src';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const logger = createLogger('remembered-profiles-test', process.env.TEST_LOG_LEVEL ?? 'silent');

/**
 * Two processes of one service: each with its memory of profiles and its own listener, sharing the Redis cache
 * and the accounts service, over real NATS (JetStream) and Redis.
 */
describe('RememberedProfiles in front of the Redis cache, kept by ProfileChangeListener', () => {
  let nats: TestNatsServer;
  let connection: NatsConnection;
  let accounts: ProfileResponder;
  let rpc: Awaited<ReturnType<typeof connectTestRpc>>;
  let redis: Redis;
  let namespace: string;
  let cache: ProfileCache;
  const processes: Array<{ source: ProfileSource; memory: RememberedProfiles; listener: ProfileChangeListener }> = [];

  beforeAll(async () => {
    nats = await startNatsServer();
    connection = await connectNats(nats.url, 'test-remembered-profiles');
    accounts = await startProfileResponder(nats.url);
    rpc = await connectTestRpc(nats.url);
    namespace = `test-${randomBytes(5).toString('hex')}`;
    redis = createRedisClient({ url: REDIS_URL, namespace, owner: 'svc' });
    await redis.connect();
    cache = new ProfileCache(redis, 300, logger);
    for (let i = 0; i < 2; i++) {
      const memory = new RememberedProfiles();
      const listener = new ProfileChangeListener(connection, memory, logger);
      await listener.onApplicationBootstrap();
      processes.push({ source: new ProfileSource(cache, rpc.rpc, memory), memory, listener });
    }
  });

  afterAll(async () => {
    for (const { listener } of processes) await listener.onModuleDestroy();
    const raw = new Redis(REDIS_URL);
    const keys = await raw.keys(`${namespace}:*`);
    if (keys.length) await raw.del(...keys);
    raw.disconnect();
    redis?.disconnect();
    await rpc?.close();
    await accounts?.close();
    await connection?.drain();
    await nats?.destroy();
  });

  const newUser = () => {
    const id = `user_${randomUUID().slice(0, 8)}`;
    accounts.setUser({ id });
    return id;
  };

  it('answers a profile read in the last seconds from memory, without Redis', async () => {
    const userId = newUser();
    const [first] = processes;
    const reads = jest.spyOn(cache, 'read');
    try {
      expect(await first!.source.get(userId, null)).toEqual(profileOf(userId));
      expect(await first!.source.get(userId, null)).toEqual(profileOf(userId));
      expect(await first!.source.get(userId, null)).toEqual(profileOf(userId));
      expect(reads).toHaveBeenCalledTimes(1);
      expect(accounts.requestsFor(userId)).toBe(1);
    } finally {
      reads.mockRestore();
    }
  });

  it('forgets a user’s profiles in every process when a change of the user is published', async () => {
    const userId = newUser();
    for (const { source } of processes) await source.get(userId, 'org_1');
    accounts.setUser({ id: userId, firstName: 'Augusta' });
    // What the accounts service publishes, and what the durable consumer does with it in Redis.
    await publishEvent(connection, { type: 'user.updated', aggregateId: userId, payload: { userId } });
    await cache.invalidateUser(userId);
    for (const { memory } of processes)
      await eventually(async () => expect(memory.recall(userId, 'org_1')).toBeUndefined());
    for (const { source } of processes) {
      expect(await source.get(userId, 'org_1')).toMatchObject({ firstName: 'Augusta' });
    }
  });

  it('forgets everything when an organization changes, and nothing for an event of another kind', async () => {
    const userId = newUser();
    const [first] = processes;
    await first!.source.get(userId, 'org_renamed');
    await publishEvent(connection, { type: 'user.created', aggregateId: 'user_new', payload: { userId: 'user_new' } });
    await publishEvent(connection, {
      type: 'organization.updated',
      aggregateId: 'org_renamed',
      payload: { organizationId: 'org_renamed' },
    });
    await eventually(async () => expect(first!.memory.recall(userId, 'org_renamed')).toBeUndefined());
  });
});
