import { Module, type DynamicModule } from '@nestjs/common';
import { DatabaseModule } from '@tessera/database';
import { EventsModule } from '@tessera/events';
import type { Logger } from '@tessera/logging';
import { profileCacheProviders } from '@tessera/profile-cache';
import { RedisModule } from '@tessera/redis';
import { ServiceCoreModule } from '@tessera/service-kit';
import { CodeController } from './codes/code.controller';
import { CodeStore } from './codes/code.store';
import { AuthorizationCodeGrant } from './exchange/authorization-code.grant';
import { ExchangeController } from './exchange/exchange.controller';
import { RefreshTokenGrant } from './exchange/refresh-token.grant';
import { DeletionEventsConsumer } from './events/deletion-events.consumer';
import { CascadingRevocation } from './grants/cascading-revocation.service';
import { GrantRepository } from './grants/grant.repository';
import { GrantRevoker } from './grants/grant-revoker.service';
import { GrantStatusCache } from './grants/grant-status.cache';
import { StorageSweeper } from './housekeeping/storage-sweeper.service';
import { TokenResolver } from './inspection/token-resolver.service';
import { IntrospectionController } from './introspection/introspection.controller';
import { TokenIntrospectionService } from './introspection/token-introspection.service';
import { OpaqueTokenStore } from './issuance/opaque-token.store';
import { TokenMinter } from './issuance/token-minter.service';
import { JwtSigner } from './keys/jwt-signer.service';
import { KeysController } from './keys/keys.controller';
import { OwnJwtVerifier } from './keys/own-jwt-verifier.service';
import { SigningKeyEntity } from './keys/signing-key.entity';
import { SigningKeyService } from './keys/signing-key.service';
import { tokenMigrations } from './migrations';
import { PROFILE_INVALIDATION_CONSUMER, ProfileLookup } from './profiles/profile.lookup';
import { RefreshSuccessorStore } from './refresh/refresh-successor.store';
import { RefreshTokenHints } from './refresh/refresh-token-hints';
import { RefreshTokenRepository } from './refresh/refresh-token.repository';
import { RevocationController } from './revocation/revocation.controller';
import { TokenRevocationService } from './revocation/token-revocation.service';
import { TOKEN_CONFIG, type TokenConfig } from './token.config';
import { TOKEN_LOGGER } from './token.logger';

export const TOKEN_SCHEMA = 'token';
export const tokenEntities = [SigningKeyEntity];

@Module({})
export class TokenModule {
  static register(config: TokenConfig, logger: Logger): DynamicModule {
    return {
      module: TokenModule,
      imports: [
        ServiceCoreModule.forService({
          service: 'token',
          natsUrl: config.NATS_URL,
          requestTimeoutMs: config.NATS_REQUEST_TIMEOUT_MS,
          logger,
        }),
        DatabaseModule.forService({
          url: config.DATABASE_URL,
          schema: TOKEN_SCHEMA,
          entities: tokenEntities,
          migrations: tokenMigrations,
          poolSize: config.DATABASE_POOL_SIZE,
          runMigrations: config.MIGRATIONS_RUN_AT_START,
        }),
        RedisModule.forService({
          url: config.REDIS_URL,
          namespace: config.REDIS_NAMESPACE,
          owner: 'token',
        }),
        // The outbox: grants created, refreshed, revoked, reuse detected, signing keys rotated (docs/tokens.md).
        EventsModule.forService({ schema: TOKEN_SCHEMA, logger }),
      ],
      controllers: [KeysController, CodeController, ExchangeController, RevocationController, IntrospectionController],
      providers: [
        { provide: TOKEN_CONFIG, useValue: config },
        { provide: TOKEN_LOGGER, useValue: logger },
        SigningKeyService,
        JwtSigner,
        OwnJwtVerifier,
        CodeStore,
        GrantRepository,
        GrantStatusCache,
        GrantRevoker,
        CascadingRevocation,
        DeletionEventsConsumer,
        OpaqueTokenStore,
        RefreshTokenRepository,
        { provide: RefreshTokenHints, useValue: new RefreshTokenHints(config.REFRESH_TOKEN_TTL_SECONDS * 1000) },
        RefreshSuccessorStore,
        TokenMinter,
        ...profileCacheProviders({
          durableName: PROFILE_INVALIDATION_CONSUMER,
          configToken: TOKEN_CONFIG,
          loggerToken: TOKEN_LOGGER,
        }),
        ProfileLookup,
        AuthorizationCodeGrant,
        RefreshTokenGrant,
        TokenResolver,
        TokenRevocationService,
        TokenIntrospectionService,
        StorageSweeper,
      ],
    };
  }
}
