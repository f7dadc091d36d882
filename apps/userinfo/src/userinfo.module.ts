import { Module, type DynamicModule } from '@nestjs/common';
import type { Logger } from '@tessera/logging';
import { profileCacheProviders } from '@tessera/profile-cache';
import { RedisModule } from '@tessera/redis';
import { ServiceCoreModule } from '@tessera/service-kit';
import { TokenInfoController } from './introspection/token-info.controller';
import { TokenInfoService } from './introspection/token-info.service';
import { JwksKeySet } from './keys/jwks-key-set';
import { RevocationEventsConsumer } from './revocation/revocation-events.consumer';
import { RevocationMemoryMetric } from './revocation/revocation-memory.metric';
import { RevokedGrantsListener } from './revocation/revoked-grants.listener';
import { RevokedGrantsMemory } from './revocation/revoked-grants.memory';
import { RevokedGrants } from './revocation/revoked-grants.store';
import { JwtAccessTokenVerifier } from './tokens/jwt-access-token.verifier';
import { VerifiedTokenCache } from './tokens/verified-token.cache';
import { TokenChecker } from './tokens/token-checker.service';
import { USERINFO_CONFIG, type UserinfoConfig } from './userinfo.config';
import { USERINFO_LOGGER } from './userinfo.logger';
import { UserinfoController } from './userinfo/userinfo.controller';
import { UserinfoService } from './userinfo/userinfo.service';

@Module({})
export class UserinfoModule {
  static register(config: UserinfoConfig, logger: Logger): DynamicModule {
    return {
      module: UserinfoModule,
      imports: [
        ServiceCoreModule.forService({
          service: 'userinfo',
          natsUrl: config.NATS_URL,
          requestTimeoutMs: config.NATS_REQUEST_TIMEOUT_MS,
          logger,
        }),
        RedisModule.forService({
          url: config.REDIS_URL,
          namespace: config.REDIS_NAMESPACE,
          owner: 'userinfo',
        }),
      ],
      controllers: [UserinfoController, TokenInfoController],
      providers: [
        { provide: USERINFO_CONFIG, useValue: config },
        { provide: USERINFO_LOGGER, useValue: logger },
        JwksKeySet,
        { provide: VerifiedTokenCache, useFactory: () => new VerifiedTokenCache() },
        JwtAccessTokenVerifier,
        { provide: RevokedGrantsMemory, useFactory: () => new RevokedGrantsMemory() },
        RevokedGrantsListener,
        RevocationMemoryMetric,
        RevokedGrants,
        RevocationEventsConsumer,
        TokenChecker,
        ...profileCacheProviders({
          durableName: 'userinfo-profile-invalidation',
          configToken: USERINFO_CONFIG,
          loggerToken: USERINFO_LOGGER,
        }),
        UserinfoService,
        TokenInfoService,
      ],
    };
  }
}
