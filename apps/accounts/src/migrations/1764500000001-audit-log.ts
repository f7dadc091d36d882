import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit log: every domain event from the stream, one row per event id (so a redelivered event is a no-op).
 * `user_id` and `client_id` are copied out of the payload so that the admin API can filter on them.
 */
export class AuditLog1764500000001 implements MigrationInterface {
  name = 'AuditLog1764500000001';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE accounts.audit_log (
        id uuid PRIMARY KEY,
        -- Order of recording: breaks ties between events of the same millisecond.
        seq bigserial NOT NULL,
        type text NOT NULL,
        occurred_at timestamptz NOT NULL,
        actor jsonb NOT NULL,
        aggregate_id text NOT NULL,
        user_id text,
        client_id text,
        payload jsonb NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    // Newest first, optionally narrowed by one filter: each filter has an index in the list's order.
    await runner.query(`CREATE INDEX audit_log_occurred_at_idx ON accounts.audit_log (occurred_at DESC, seq DESC)`);
    await runner.query(`CREATE INDEX audit_log_type_idx ON accounts.audit_log (type, occurred_at DESC, seq DESC)`);
    await runner.query(
      `CREATE INDEX audit_log_user_id_idx ON accounts.audit_log (user_id, occurred_at DESC, seq DESC)
        WHERE user_id IS NOT NULL`,
    );
    await runner.query(
      `CREATE INDEX audit_log_client_id_idx ON accounts.audit_log (client_id, occurred_at DESC, seq DESC)
        WHERE client_id IS NOT NULL`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE accounts.audit_log');
  }
}
