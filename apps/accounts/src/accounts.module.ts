import { Module, type DynamicModule } from '@nestjs/common';
import { DatabaseModule, type EntityClass } from '@tessera/database';
import type { Logger } from '@tessera/logging';
import { ServiceCoreModule } from '@tessera/service-kit';
import { accountsMigrations } from './migrations';
import { ACCOUNTS_CONFIG, type AccountsConfig } from './accounts.config';

export const ACCOUNTS_SCHEMA = 'accounts';

export const accountsEntities: EntityClass[] = [];
@Module({})
export class AccountsModule {
  static register(config: AccountsConfig, logger: Logger): DynamicModule {
    return {
      module: AccountsModule,
      imports: [
        ServiceCoreModule.forService({
          service: 'accounts',
          natsUrl: config.NATS_URL,
          requestTimeoutMs: config.NATS_REQUEST_TIMEOUT_MS,
          logger,
        }),
        DatabaseModule.forService({
          url: config.DATABASE_URL,
          schema: ACCOUNTS_SCHEMA,
          entities: accountsEntities,
          migrations: accountsMigrations,
          poolSize: config.DATABASE_POOL_SIZE,
          runMigrations: config.MIGRATIONS_RUN_AT_START,
        }),
      ],
      providers: [{ provide: ACCOUNTS_CONFIG, useValue: config }],
    };
  }
}
