import { defineService } from '@tessera/service-kit';
import { registryConfigSchema } from './registry.config';
import { registryMigrations } from './migrations';
import { REGISTRY_SCHEMA, registryEntities, RegistryModule } from './registry.module';

/** The client-registry service as a runnable definition: main.ts runs it, tests boot it in-process. */
export const registryApp = defineService({
  service: 'client-registry',
  configSchema: registryConfigSchema,
  rootModule: (config, logger) => RegistryModule.register(config, logger),
  database: { schema: REGISTRY_SCHEMA, entities: registryEntities, migrations: registryMigrations },
});
