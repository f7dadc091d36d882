import type { EventPayloadOf, EventType } from '@tessera/contracts';
import { ensureEventStream, type RunningConsumer } from '@tessera/events';
import { createLogger } from '@tessera/logging';
import { connectNats } from '@tessera/nats';
import { createRedisClient } from '@tessera/redis';
import { eventually, publishEvent, startNatsServer, type TestNatsServer, profileOf } from '@tessera/testing';
import Redis from 'ioredis';
import type { NatsConnection } from 'nats';
import { randomBytes, randomUUID } from 'node:crypto';
import { ProfileCache, startProfileInvalidation } from '../src';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const logger = createLogger('profile-invalidation-test', process.env.TEST_LOG_LEVEL ?? 'silent');

/** Two services, each with its own Redis prefix, cache and durable consumer, as userinfo and token have. */
const SERVICES = ['userinfo', 'token'] as const;

describe('startProfileInvalidation (real JetStream, real Redis)', () => {
  let nats: TestNatsServer;
  let connection: NatsConnection;
  let namespace: string;
  const clients: Redis[] = [];
  const caches = {} as Record<(typeof SERVICES)[number], ProfileCache>;
  const consumers = {} as Record<(typeof SERVICES)[number], RunningConsumer>;

  const start = (service: (typeof SERVICES)[number]) =>
    startProfileInvalidation({
      connection,
      cache: caches[service],
      durableName: `${service}-profile-invalidation`,
      logger,
    });

  beforeAll(async () => {
    nats = await startNatsServer();
    connection = await connectNats(nats.url, 'test-profile-invalidation');
    await ensureEventStream(await connection.jetstreamManager());
    namespace = `test-${randomBytes(5).toString('hex')}`;
    for (const service of SERVICES) {
      const redis = createRedisClient({ url: REDIS_URL, namespace, owner: service });
      await redis.connect();
      clients.push(redis);
      caches[service] = new ProfileCache(redis, 300, logger);
      consumers[service] = await start(service);
    }
  });

  afterAll(async () => {
    for (const service of SERVICES) await consumers[service]?.stop();
    const raw = new Redis(REDIS_URL);
    const keys = await raw.keys(`${namespace}:*`);
    if (keys.length) await raw.del(...keys);
    raw.disconnect();
    for (const redis of clients) redis.disconnect();
    await connection?.drain();
    await nats?.destroy();
  });

  const publish = <T extends EventType>(type: T, payload: EventPayloadOf<T>, aggregateId: string) =>
    publishEvent(connection, { type, aggregateId, payload });

  /** Caches a profile of the user (bound to `organizationId`) in every service's cache. */
  async function cached(userId: string, organizationId: string | null = null) {
    for (const cache of Object.values(caches)) {
      const lookup = await cache.read(userId, organizationId);
      if (lookup.hit || !lookup.generations) throw new Error('expected a miss with generations');
      await cache.write(userId, organizationId, lookup.generations, profileOf(userId));
    }
  }
  const hitIn = async (cache: ProfileCache, userId: string, organizationId: string | null = null) =>
    (await cache.read(userId, organizationId)).hit;
  /** Whether each service's cache still answers the profile. */
  const hits = async (userId: string, organizationId: string | null = null) =>
    Promise.all(SERVICES.map((service) => hitIn(caches[service], userId, organizationId)));

  const payloads: { [T in EventType]?: (userId: string, organizationId: string) => EventPayloadOf<T> } = {
    'user.updated': (userId) => ({ userId }),
    'user.deleted': (userId) => ({ userId }),
    'membership.created': (userId, organizationId) => ({ userId, organizationId, role: 'org:member' }),
    'membership.updated': (userId, organizationId) => ({
      userId,
      organizationId,
      role: 'org:admin',
      previousRole: 'org:member',
    }),
    'membership.deleted': (userId, organizationId) => ({ userId, organizationId }),
    'organization.updated': (_userId, organizationId) => ({ organizationId }),
    'organization.deleted': (_userId, organizationId) => ({ organizationId }),
  };
  const payloadOf = (type: EventType, userId: string, organizationId: string) => {
    const build = payloads[type] as ((userId: string, organizationId: string) => Record<string, unknown>) | undefined;
    if (!build) throw new Error(`no test payload for ${type}`);
    return build(userId, organizationId);
  };

  // A membership decides whether the org appears, and its role is an org claim: it concerns the user's profiles.
  const USER_EVENTS = [
    'user.updated',
    'user.deleted',
    'membership.created',
    'membership.updated',
    'membership.deleted',
  ] as const;
  const ORGANIZATION_EVENTS = ['organization.updated', 'organization.deleted'] as const;

  it.each(USER_EVENTS)('%s invalidates every cached profile of the user, in every service', async (type) => {
    const userId = `user_${randomUUID().slice(0, 8)}`;
    const bystander = `user_${randomUUID().slice(0, 8)}`;
    await cached(userId);
    await cached(userId, 'org_1');
    await cached(bystander);
    await publishEvent(connection, { type, aggregateId: userId, payload: payloadOf(type, userId, 'org_1') });
    await eventually(async () => {
      expect(await hits(userId)).toEqual([false, false]);
      expect(await hits(userId, 'org_1')).toEqual([false, false]);
    });
    expect(await hits(bystander)).toEqual([true, true]);
  });

  it.each(ORGANIZATION_EVENTS)('%s invalidates the profiles bound to the organization only', async (type) => {
    const userId = `user_${randomUUID().slice(0, 8)}`;
    const orgId = `org_${randomUUID().slice(0, 8)}`;
    await cached(userId, orgId);
    await cached(userId, 'org_other');
    await cached(userId);
    await publishEvent(connection, { type, aggregateId: orgId, payload: payloadOf(type, userId, orgId) });
    await eventually(async () => expect(await hits(userId, orgId)).toEqual([false, false]));
    expect(await hits(userId, 'org_other')).toEqual([true, true]);
    expect(await hits(userId)).toEqual([true, true]);
  });

  it('ignores other events', async () => {
    const userId = `user_${randomUUID().slice(0, 8)}`;
    const fence = `user_${randomUUID().slice(0, 8)}`;
    await cached(userId);
    await cached(fence);
    await publish('user.created', { userId }, userId);
    // Events reach a consumer in order: once the later one has been handled, so has the first.
    await publish('user.updated', { userId: fence }, fence);
    await eventually(async () => expect(await hits(fence)).toEqual([false, false]));
    expect(await hits(userId)).toEqual([true, true]);
  });

  it('catches up, once started again, with the events published while a service’s consumer was stopped', async () => {
    const userId = `user_${randomUUID().slice(0, 8)}`;
    await cached(userId);
    await consumers.token.stop();
    await publish('user.updated', { userId }, userId);
    await eventually(async () => expect(await hitIn(caches.userinfo, userId)).toBe(false));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await hitIn(caches.token, userId)).toBe(true);

    consumers.token = await start('token');
    await eventually(async () => expect(await hitIn(caches.token, userId)).toBe(false));
  });
});
