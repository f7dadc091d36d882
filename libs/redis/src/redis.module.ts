import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { HealthRegistry } from '@tessera/health';
import Redis from 'ioredis';

export const REDIS = Symbol('REDIS');

export interface RedisModuleOptions {
  url: string;
  /** REDIS_NAMESPACE: shared by every service of one installation. */
  namespace: string;
  /** The owning service; with the namespace it prefixes every key (`tessera:token:`). */
  owner: string;
}

/** Builds a client whose every key carries `<namespace>:<owner>:`, failing fast while Redis is down. */
export function createRedisClient(options: RedisModuleOptions): Redis {
  return new Redis(options.url, {
    keyPrefix: `${options.namespace}:${options.owner}:`,
    lazyConnect: true,
    // While Redis is unreachable, commands fail at once (and become temporarily_unavailable) rather than queue.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 3000,
    retryStrategy: (attempt) => Math.min(attempt * 100, 1000),
    // Commands issued in one event-loop turn go out in one write (one syscall, one reply read): a handler that
    // reads two keys at once (userinfo's revocation mark and cached profile) pays for one round trip.
    enableAutoPipelining: true,
  });
}

/** Provides the service's prefixed Redis client and a `redis` readiness check. */
@Global()
@Module({})
export class RedisModule implements OnApplicationShutdown {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  static forService(options: RedisModuleOptions): DynamicModule {
    return {
      module: RedisModule,
      providers: [
        {
          provide: REDIS,
          inject: [HealthRegistry],
          useFactory: async (health: HealthRegistry) => {
            const redis = createRedisClient(options);
            await redis.connect();
            health.register('redis', async () => {
              await redis.ping();
            });
            return redis;
          },
        },
      ],
      exports: [REDIS],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
