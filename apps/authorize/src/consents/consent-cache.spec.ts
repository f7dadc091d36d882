import type { ConsentView } from '@tessera/contracts';
import { randomToken } from '@tessera/crypto';
import { createLogger } from '@tessera/logging';
import { createRedisClient } from '@tessera/redis';
import { freePort } from '@tessera/testing';
import type Redis from 'ioredis';
import { CONSENT_CACHE_TTL_SECONDS, ConsentCache } from './consent-cache';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

const consent: ConsentView = {
  id: 'cns_1',
  userId: 'user_ada',
  clientId: 'app',
  scopes: ['openid', 'email'],
  organizationId: null,
  createdAt: 1_700_000_000_000,
  updatedAt: 1_700_000_000_000,
};
const pair = { userId: consent.userId, clientId: consent.clientId };

/** The cache over a Redis client, and the lines it logged. */
function cacheOn(redis: Redis) {
  const lines: Array<Record<string, unknown>> = [];
  const logger = createLogger('test', 'info', { write: (line: string) => lines.push(JSON.parse(line)) });
  return { cache: new ConsentCache(redis, logger), lines };
}

describe('ConsentCache (against Redis)', () => {
  let redis: Redis;
  let cache: ConsentCache;

  beforeEach(async () => {
    redis = createRedisClient({ url: REDIS_URL, namespace: `test-${randomToken(9)}`, owner: 'authorize' });
    await redis.connect();
    ({ cache } = cacheOn(redis));
  });

  afterEach(async () => {
    const keys = await redis.keys('*');
    // Keys come back with the prefix, which the client would add again.
    if (keys.length > 0) await redis.del(...keys.map((key) => key.slice(String(redis.options.keyPrefix).length)));
    await redis.quit();
  });

  /** Reads through the cache as ConsentRepository does, with `postgres` standing for the table. */
  async function readThrough(postgres: () => ConsentView | undefined): Promise<ConsentView | undefined> {
    const cached = await cache.read(pair);
    if (cached.hit) return cached.consent;
    const found = postgres();
    await cache.fill(cached.ticket, found);
    return found;
  }

  it('misses, then answers what was filled: a consent, or that there is none', async () => {
    expect(await cache.read(pair)).toEqual({ hit: false, ticket: expect.any(Object) });
    expect(await readThrough(() => consent)).toEqual(consent);
    expect(await cache.read(pair)).toEqual({ hit: true, consent });

    const other = { userId: 'user_grace', clientId: 'app' };
    const miss = await cache.read(other);
    if (miss.hit) throw new Error('expected a miss');
    await cache.fill(miss.ticket, undefined);
    expect(await cache.read(other)).toEqual({ hit: true, consent: undefined });
    expect(await redis.ttl('consent:user_grace:app')).toBeGreaterThan(CONSENT_CACHE_TTL_SECONDS - 5);
  });

  it('refuses a fill that raced a change: the reader may have read Postgres before the commit', async () => {
    const look = await cache.read(pair);
    if (look.hit) throw new Error('expected a miss');
    await cache.changing([pair]);
    await cache.fill(look.ticket, consent);
    expect(await cache.read(pair)).toEqual({ hit: false, ticket: undefined });

    await cache.changed([pair]);
    const after = await cache.read(pair);
    expect(after).toEqual({ hit: false, ticket: expect.any(Object) });
    // A look from before the end of the change cannot fill either: the key was marked again since.
    await cache.fill(look.ticket, consent);
    expect((await cache.read(pair)).hit).toBe(false);
    if (after.hit) throw new Error('expected a miss');
    await cache.fill(after.ticket, undefined);
    expect(await cache.read(pair)).toEqual({ hit: true, consent: undefined });
  });

  it('forgets a remembered consent once it changes, and each change is marked anew', async () => {
    await readThrough(() => consent);
    await cache.changing([pair]);
    expect(await cache.read(pair)).toEqual({ hit: false, ticket: undefined });
    await cache.changed([pair]);
    const first = await redis.get('consent:user_ada:app');
    await cache.changed([pair]);
    expect(await redis.get('consent:user_ada:app')).not.toEqual(first);
    expect(await readThrough(() => undefined)).toBeUndefined();
    expect(await cache.read(pair)).toEqual({ hit: true, consent: undefined });
  });

  it('does not fill from a look older than the fill window', async () => {
    const look = await cache.read(pair);
    if (look.hit || !look.ticket) throw new Error('expected a miss with a ticket');
    await cache.fill({ ...look.ticket, at: look.ticket.at - 60_000 }, consent);
    expect((await cache.read(pair)).hit).toBe(false);
  });

  it('fails a change whose mark cannot be written, and only logs a failed fill or end of change', async () => {
    const down = createRedisClient({
      url: `redis://127.0.0.1:${await freePort()}`,
      namespace: 'test',
      owner: 'authorize',
    });
    down.on('error', () => undefined);
    const { cache: unreachable, lines } = cacheOn(down);
    try {
      await expect(unreachable.changing([pair])).rejects.toThrow();
      await expect(unreachable.changed([pair])).resolves.toBeUndefined();
      await expect(unreachable.fill({ key: 'consent:x:y', seen: '', at: Date.now() }, consent)).resolves.toBe(
        undefined,
      );
      expect(lines.map((line) => line.msg)).toEqual([
        'could not mark changed consents in Redis; they are read from Postgres',
        'could not remember a consent in Redis; the next sign-in reads Postgres',
      ]);
    } finally {
      down.disconnect();
    }
  });
});
