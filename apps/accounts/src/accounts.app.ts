import { defineService } from '@tessera/service-kit';
import { accountsConfigSchema } from './accounts.config';
import { accountsMigrations } from './migrations';
import { ACCOUNTS_SCHEMA, accountsEntities, AccountsModule } from './accounts.module';

/** The accounts service as a runnable definition: main.ts runs it, tests boot it in-process. */
export const accountsApp = defineService({
  service: 'accounts',
  configSchema: accountsConfigSchema,
  rootModule: (config, logger) => AccountsModule.register(config, logger),
  database: { schema: ACCOUNTS_SCHEMA, entities: accountsEntities, migrations: accountsMigrations },
});
