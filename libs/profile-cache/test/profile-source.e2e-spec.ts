import { TemporarilyUnavailableError } from '@tessera/contracts';
import { createLogger } from '@tessera/logging';
import { createRedisClient } from '@tessera/redis';
import {
  connectTestRpc,
  startNatsServer,
  type TestNatsServer,
  profileOf,
  startProfileResponder,
  type ProfileResponder,
} from '@tessera/testing';
import Redis from 'ioredis';
import { randomBytes, randomUUID } from 'node:crypto';
import { ProfileCache, ProfileSource } from '../src';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const TTL_SECONDS = 300;
const logger = createLogger('profile-cache-test', process.env.TEST_LOG_LEVEL ?? 'silent');

describe('ProfileSource over ProfileCache (real Redis, accounts over real NATS)', () => {
  let nats: TestNatsServer;
  let accounts: ProfileResponder;
  let rpc: Awaited<ReturnType<typeof connectTestRpc>>;
  let redis: Redis;
  let namespace: string;
  let cache: ProfileCache;
  let source: ProfileSource;
  /** Full key names, without a service's prefix: to look at TTLs and to clean up. */
  let raw: Redis;

  beforeAll(async () => {
    nats = await startNatsServer();
    accounts = await startProfileResponder(nats.url);
    rpc = await connectTestRpc(nats.url);
    namespace = `test-${randomBytes(5).toString('hex')}`;
    redis = createRedisClient({ url: REDIS_URL, namespace, owner: 'svc' });
    await redis.connect();
    raw = new Redis(REDIS_URL);
    cache = new ProfileCache(redis, TTL_SECONDS, logger);
    source = new ProfileSource(cache, rpc.rpc);
  });

  afterAll(async () => {
    const keys = await raw?.keys(`${namespace}:*`);
    if (keys?.length) await raw.del(...keys);
    raw?.disconnect();
    redis?.disconnect();
    await rpc?.close();
    await accounts?.close();
    await nats?.destroy();
  });

  const newUser = (overrides: Parameters<typeof profileOf>[1] = {}) => {
    const id = `user_${randomUUID().slice(0, 8)}`;
    accounts.setUser({ ...overrides, id });
    return id;
  };

  it('asks the accounts service once per (user, organization), then answers from the cache', async () => {
    const userId = newUser();
    expect(await source.get(userId, null)).toEqual(profileOf(userId));
    expect(await source.get(userId, null)).toEqual(profileOf(userId));
    expect(accounts.requestsFor(userId)).toBe(1);
    expect(accounts.lastRequest()).toEqual({ userId });

    await source.get(userId, 'org_1');
    await source.get(userId, 'org_1');
    expect(accounts.requestsFor(userId)).toBe(2);
    expect(accounts.lastRequest()).toEqual({ userId, organizationId: 'org_1' });
  });

  it('answers null for a user the accounts service does not know, and caches that too', async () => {
    const userId = `user_gone_${randomUUID().slice(0, 8)}`;
    expect(await source.get(userId, null)).toBeNull();
    expect(await source.get(userId, null)).toBeNull();
    expect(accounts.requestsFor(userId)).toBe(1);
  });

  it('asks again after the user is invalidated, and only for that user', async () => {
    const userId = newUser();
    const other = newUser();
    await source.get(userId, null);
    await source.get(userId, 'org_1');
    await source.get(other, null);
    accounts.setUser({ id: userId, firstName: 'Augusta' });

    await cache.invalidateUser(userId);
    expect(await source.get(userId, null)).toMatchObject({ firstName: 'Augusta' });
    expect(await source.get(userId, 'org_1')).toMatchObject({ firstName: 'Augusta' });
    await source.get(other, null);
    expect(accounts.requestsFor(userId)).toBe(4);
    expect(accounts.requestsFor(other)).toBe(1);
  });

  it('asks again for the profiles bound to an invalidated organization, and only those', async () => {
    const userId = newUser();
    await source.get(userId, 'org_a');
    await source.get(userId, 'org_b');
    await source.get(userId, null);
    await cache.invalidateOrganization('org_a');
    await source.get(userId, 'org_a');
    await source.get(userId, 'org_b');
    await source.get(userId, null);
    expect(accounts.requestsFor(userId)).toBe(4);
  });

  it('does not accept a profile read before an invalidation as fresh after it', async () => {
    const userId = newUser();
    const before = await cache.read(userId, null);
    expect(before).toEqual({ hit: false, generations: { user: '0', organization: '-' } });
    await cache.invalidateUser(userId);
    // A reader that fetched before the change stores what it fetched under the generations it read.
    if (!before.hit && before.generations) await cache.write(userId, null, before.generations, profileOf(userId));
    expect(await cache.read(userId, null)).toMatchObject({ hit: false });
  });

  it('keeps entries for the TTL and generation marks for twice the TTL plus a minute, under the client prefix', async () => {
    const userId = newUser();
    await source.get(userId, 'org_ttl');
    await cache.invalidateOrganization('org_ttl');
    await cache.invalidateUser(userId);
    const prefix = `${namespace}:svc:`;
    expect(await raw.ttl(`${prefix}profile:${userId}:org_ttl`)).toBeGreaterThan(TTL_SECONDS - 5);
    expect(await raw.ttl(`${prefix}profile:${userId}:org_ttl`)).toBeLessThanOrEqual(TTL_SECONDS);
    for (const mark of [`profile-generation:user:${userId}`, 'profile-generation:organization:org_ttl']) {
      expect(await raw.ttl(`${prefix}${mark}`)).toBeGreaterThan(2 * TTL_SECONDS + 55);
      expect(await raw.ttl(`${prefix}${mark}`)).toBeLessThanOrEqual(2 * TTL_SECONDS + 60);
    }
  });

  it('keeps one cache per Redis prefix: another service’s cache neither sees nor invalidates this one', async () => {
    const userId = newUser();
    const otherRedis = createRedisClient({ url: REDIS_URL, namespace, owner: 'other' });
    await otherRedis.connect();
    try {
      const otherSource = new ProfileSource(new ProfileCache(otherRedis, TTL_SECONDS, logger), rpc.rpc);
      await source.get(userId, null);
      await otherSource.get(userId, null);
      expect(accounts.requestsFor(userId)).toBe(2);
      await new ProfileCache(otherRedis, TTL_SECONDS, logger).invalidateUser(userId);
      await source.get(userId, null);
      expect(accounts.requestsFor(userId)).toBe(2);
    } finally {
      otherRedis.disconnect();
    }
  });

  it('lets other failures of the accounts service through, and caches nothing then', async () => {
    const userId = newUser();
    await accounts.close();
    try {
      await expect(source.get(userId, null)).rejects.toBeInstanceOf(TemporarilyUnavailableError);
      expect(await cache.read(userId, null)).toMatchObject({ hit: false });
    } finally {
      accounts = await startProfileResponder(nats.url);
    }
  });

  it('fails open while Redis is unavailable: every call asks the accounts service, nothing is stored', async () => {
    const userId = newUser();
    // A client whose connection is gone: every command fails at once, as while Redis is down.
    const down = createRedisClient({ url: REDIS_URL, namespace, owner: 'svc' });
    await down.connect();
    await down.quit();
    const downCache = new ProfileCache(down, TTL_SECONDS, logger);
    const downSource = new ProfileSource(downCache, rpc.rpc);
    expect(await downCache.read(userId, null)).toEqual({ hit: false });
    expect(await downSource.get(userId, null)).toEqual(profileOf(userId));
    expect(await downSource.get(userId, null)).toEqual(profileOf(userId));
    expect(accounts.requestsFor(userId)).toBe(2);
    // An invalidation must not be lost silently: it fails, and the consumer retries the event.
    await expect(downCache.invalidateUser(userId)).rejects.toThrow();
    expect(await cache.read(userId, null)).toMatchObject({ hit: false });
  });
});
