import type { MigrationInterface } from 'typeorm';

/** The registry schema's migrations, oldest first. */
export const registryMigrations: Array<new () => MigrationInterface> = [];
