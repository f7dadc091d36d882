import type { MigrationInterface } from 'typeorm';
import { Accounts1764200000000 } from './1764200000000-accounts';

/** The accounts schema's migrations, oldest first. */
export const accountsMigrations: Array<new () => MigrationInterface> = [Accounts1764200000000];
