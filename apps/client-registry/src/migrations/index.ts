import { outboxMigration } from '@tessera/events';
import type { MigrationInterface } from 'typeorm';
import { OAuthApplications1764300000000 } from './1764300000000-oauth-applications';

/** The registry schema's migrations, oldest first. */
export const registryMigrations: Array<new () => MigrationInterface> = [
  OAuthApplications1764300000000,
  outboxMigration('registry', 1764500000000),
];
