import type { Logger } from '@tessera/logging';
import { createServiceDataSource, migrateServiceSchema, type ServiceDatabaseOptions } from './service-data-source';

/** `node dist/apps/<service>/main.js --migrate-only`: apply pending migrations and exit (the Kubernetes Job). */
export async function runMigrationsOnly(options: ServiceDatabaseOptions, logger: Logger): Promise<void> {
  const dataSource = createServiceDataSource(options);
  try {
    await dataSource.initialize();
    const applied = await migrateServiceSchema(dataSource, options.schema);
    logger.info({ schema: options.schema, applied }, `migrations done (${applied.length} applied)`);
    await dataSource.destroy();
    process.exit(0);
  } catch (error) {
    logger.fatal({ err: error, schema: options.schema }, 'migrations failed');
    process.exit(1);
  }
}
