import type { MigrationInterface } from 'typeorm';

/** The accounts schema's migrations, oldest first. */
export const accountsMigrations: Array<new () => MigrationInterface> = [];
