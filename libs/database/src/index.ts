export * from './database.module';
export * from './ensure-database';
export * from './service-data-source';
export * from './migrate-only';
export * from './write-batch';
