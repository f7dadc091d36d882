import { outboxMigration } from '@tessera/events';
import type { MigrationInterface } from 'typeorm';
import { Consents1764200000000 } from './1764200000000-consents';

/** The authorize schema's migrations, oldest first. */
export const authorizeMigrations: Array<new () => MigrationInterface> = [
  Consents1764200000000,
  // The transactional outbox of the service's domain events (libs/events).
  outboxMigration('authorize', 1764400000000),
];
