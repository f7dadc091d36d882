import { DataSource, type DataSourceOptions } from 'typeorm';
import { PreparedStatementClient } from './prepared-statement-client';

/** A TypeORM entity class, as listed in a service's entity array. */
export type EntityClass = new () => object;

export interface ServiceDatabaseOptions {
  url: string;
  /** The Postgres schema the service owns; nothing else in the database is its business. */
  schema: string;
  entities: DataSourceOptions['entities'];
  migrations: DataSourceOptions['migrations'];
  poolSize: number;
}

export function createServiceDataSource(options: ServiceDatabaseOptions): DataSource {
  return new DataSource({
    type: 'postgres',
    url: options.url,
    schema: options.schema,
    entities: options.entities,
    migrations: options.migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: false,
    extra: {
      max: options.poolSize,
      // Fail fast while Postgres is unreachable; callers turn it into temporarily_unavailable.
      connectionTimeoutMillis: 3000,
      application_name: `tessera-${options.schema}`,
      // Hot queries prepared once per connection (see PreparedStatementClient).
      Client: PreparedStatementClient,
    },
  });
}

/** Arbitrary but fixed: one advisory lock per schema serialises migrations across replicas. */
function lockKey(schema: string): number {
  let hash = 0;
  for (const char of `tessera-migrations:${schema}`) hash = (hash * 31 + char.charCodeAt(0)) | 0;
  return hash;
}

/**
 * Creates the service's schema and runs its pending migrations, holding a Postgres advisory lock so that
 * replicas starting together take turns instead of racing.
 */
export async function migrateServiceSchema(dataSource: DataSource, schema: string): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [lockKey(schema)]);
    await runner.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((migration) => migration.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [lockKey(schema)]).catch(() => undefined);
    await runner.release();
  }
}
