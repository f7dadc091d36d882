import { outboxMigration } from '@tessera/events';
import type { MigrationInterface } from 'typeorm';
import { SigningKeys1764100000000 } from './1764100000000-signing-keys';
import { GrantsAndTokens1764200000000 } from './1764200000000-grants-and-tokens';

/** The token schema's migrations, oldest first. */
export const tokenMigrations: Array<new () => MigrationInterface> = [
  SigningKeys1764100000000,
  GrantsAndTokens1764200000000,
  // The transactional outbox of the token service's events (libs/events).
  outboxMigration('token', 1764400000000),
];
