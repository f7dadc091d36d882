import { outboxMigration } from '@tessera/events';
import type { MigrationInterface } from 'typeorm';
import { Accounts1764200000000 } from './1764200000000-accounts';
import { AuditLog1764500000001 } from './1764500000001-audit-log';
import { Webhooks1764500000002 } from './1764500000002-webhooks';

/** The accounts schema's migrations, oldest first. */
export const accountsMigrations: Array<new () => MigrationInterface> = [
  Accounts1764200000000,
  outboxMigration('accounts', 1764500000000),
  AuditLog1764500000001,
  Webhooks1764500000002,
];
