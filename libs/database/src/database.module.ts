import { Global, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { HealthRegistry } from '@tessera/health';
import { createServiceDataSource, migrateServiceSchema, type ServiceDatabaseOptions } from './service-data-source';

export interface DatabaseModuleOptions extends ServiceDatabaseOptions {
  runMigrations: boolean;
}

/**
 * The service's TypeORM DataSource, bound to its own schema. Migrations run at start unless disabled (then a
 * migration Job runs them with `--migrate-only`). Registers a `postgres` readiness check.
 */
@Global()
@Module({})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(private readonly dataSource: DataSource) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }

  static forService(options: DatabaseModuleOptions): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [
        {
          provide: DataSource,
          inject: [HealthRegistry],
          useFactory: async (health: HealthRegistry) => {
            const dataSource = createServiceDataSource(options);
            await dataSource.initialize();
            if (options.runMigrations) await migrateServiceSchema(dataSource, options.schema);
            health.register('postgres', async () => {
              await dataSource.query('SELECT 1');
            });
            return dataSource;
          },
        },
      ],
      exports: [DataSource],
    };
  }
}
