import type { InjectionToken, Provider } from '@nestjs/common';
import { ConsumerLifecycle, type RunningConsumer } from '@tessera/events';
import type { Logger } from '@tessera/logging';
import { NATS_CONNECTION, RpcClient } from '@tessera/nats';
import { REDIS } from '@tessera/redis';
import type Redis from 'ioredis';
import type { NatsConnection } from 'nats';
import { ProfileCache } from './profile-cache';
import { ProfileChangeListener } from './profile-change-listener';
import { startProfileInvalidation } from './profile-invalidation';
import { ProfileSource } from './profile-source';
import { RememberedProfiles } from './remembered-profiles';

/** Runs a service's profile-invalidation consumer while the service is up (see startProfileInvalidation). */
export class ProfileInvalidation extends ConsumerLifecycle {
  constructor(
    private readonly connection: NatsConnection,
    private readonly cache: ProfileCache,
    private readonly durableName: string,
    private readonly logger: Logger,
  ) {
    super();
  }

  protected startConsumer(): Promise<RunningConsumer> {
    const { connection, cache, durableName, logger } = this;
    return startProfileInvalidation({ connection, cache, durableName, logger });
  }
}

/**
 * A service's profile cache, source and invalidation consumers as Nest providers: the cache under the service's
 * own Redis prefix for its PROFILE_CACHE_TTL_SECONDS, misses answered by the accounts service, and the durable
 * consumer `durableName` (`<service>-profile-invalidation`) keeping it honest; in front of it, each process's
 * memory of the last seconds (RememberedProfiles), kept honest by an ordered consumer per process
 * (ProfileChangeListener). Inject `ProfileSource`.
 */
export function profileCacheProviders(options: {
  durableName: string;
  /** The service's config (holding PROFILE_CACHE_TTL_SECONDS) and logger. */
  configToken: InjectionToken;
  loggerToken: InjectionToken;
}): Provider[] {
  const { durableName, configToken, loggerToken } = options;
  return [
    {
      provide: ProfileCache,
      inject: [REDIS, configToken, loggerToken],
      useFactory: (redis: Redis, config: { PROFILE_CACHE_TTL_SECONDS: number }, logger: Logger) =>
        new ProfileCache(redis, config.PROFILE_CACHE_TTL_SECONDS, logger),
    },
    { provide: RememberedProfiles, useFactory: () => new RememberedProfiles() },
    {
      provide: ProfileSource,
      inject: [ProfileCache, RpcClient, RememberedProfiles],
      useFactory: (cache: ProfileCache, rpc: RpcClient, remembered: RememberedProfiles) =>
        new ProfileSource(cache, rpc, remembered),
    },
    {
      provide: ProfileChangeListener,
      inject: [NATS_CONNECTION, RememberedProfiles, loggerToken],
      useFactory: (connection: NatsConnection, remembered: RememberedProfiles, logger: Logger) =>
        new ProfileChangeListener(connection, remembered, logger),
    },
    {
      provide: ProfileInvalidation,
      inject: [NATS_CONNECTION, ProfileCache, loggerToken],
      useFactory: (connection: NatsConnection, cache: ProfileCache, logger: Logger) =>
        new ProfileInvalidation(connection, cache, durableName, logger),
    },
  ];
}
