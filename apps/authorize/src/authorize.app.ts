import { defineService } from '@tessera/service-kit';
import { authorizeConfigSchema } from './authorize.config';
import { authorizeMigrations } from './migrations';
import { AUTHORIZE_SCHEMA, authorizeEntities, AuthorizeModule } from './authorize.module';

/** The authorize service as a runnable definition: main.ts runs it, tests boot it in-process. */
export const authorizeApp = defineService({
  service: 'authorize',
  configSchema: authorizeConfigSchema,
  rootModule: (config, logger) => AuthorizeModule.register(config, logger),
  database: { schema: AUTHORIZE_SCHEMA, entities: authorizeEntities, migrations: authorizeMigrations },
});
