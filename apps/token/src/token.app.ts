import { defineService } from '@tessera/service-kit';
import { tokenMigrations } from './migrations';
import { tokenConfigSchema } from './token.config';
import { TOKEN_SCHEMA, tokenEntities, TokenModule } from './token.module';

/** The token service as a runnable definition: main.ts runs it, tests boot it in-process. */
export const tokenApp = defineService({
  service: 'token',
  configSchema: tokenConfigSchema,
  rootModule: (config, logger) => TokenModule.register(config, logger),
  database: { schema: TOKEN_SCHEMA, entities: tokenEntities, migrations: tokenMigrations },
});
