import { Module, type DynamicModule } from '@nestjs/common';
import { DatabaseModule, type EntityClass } from '@tessera/database';
import type { Logger } from '@tessera/logging';
import { RedisModule } from '@tessera/redis';
import { ServiceCoreModule } from '@tessera/service-kit';
import { authorizeMigrations } from './migrations';
import { AUTHORIZE_CONFIG, type AuthorizeConfig } from './authorize.config';

export const AUTHORIZE_SCHEMA = 'authorize';

export const authorizeEntities: EntityClass[] = [];
@Module({})
export class AuthorizeModule {
  static register(config: AuthorizeConfig, logger: Logger): DynamicModule {
    return {
      module: AuthorizeModule,
      imports: [
        ServiceCoreModule.forService({
          service: 'authorize',
          natsUrl: config.NATS_URL,
          requestTimeoutMs: config.NATS_REQUEST_TIMEOUT_MS,
          logger,
        }),
        DatabaseModule.forService({
          url: config.DATABASE_URL,
          schema: AUTHORIZE_SCHEMA,
          entities: authorizeEntities,
          migrations: authorizeMigrations,
          poolSize: config.DATABASE_POOL_SIZE,
          runMigrations: config.MIGRATIONS_RUN_AT_START,
        }),
        RedisModule.forService({
          url: config.REDIS_URL,
          namespace: config.REDIS_NAMESPACE,
          owner: 'authorize',
        }),
      ],
      providers: [{ provide: AUTHORIZE_CONFIG, useValue: config }],
    };
  }
}
