import type { MigrationInterface } from 'typeorm';

/** The authorize schema's migrations, oldest first. */
export const authorizeMigrations: Array<new () => MigrationInterface> = [];
