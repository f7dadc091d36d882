import { Module, type DynamicModule } from '@nestjs/common';
import { DatabaseModule } from '@tessera/database';
import type { Logger } from '@tessera/logging';
import { RedisModule } from '@tessera/redis';
import { ServiceCoreModule } from '@tessera/service-kit';
import { KeysController } from './keys/keys.controller';
import { SigningKeyEntity } from './keys/signing-key.entity';
import { SigningKeyService } from './keys/signing-key.service';
import { tokenMigrations } from './migrations';
import { TOKEN_CONFIG, type TokenConfig } from './token.config';

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
      ],
      controllers: [KeysController],
      providers: [{ provide: TOKEN_CONFIG, useValue: config }, SigningKeyService],
    };
  }
}
