import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Webhook endpoints and their deliveries. A delivery is one event for one endpoint (unique together, so the
 * stream consumer may enqueue twice harmlessly) and doubles as the work queue of the delivery worker: due rows
 * are claimed with SKIP LOCKED, and each attempt is appended to `attempts`.
 */
export class Webhooks1764500000002 implements MigrationInterface {
  name = 'Webhooks1764500000002';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE accounts.webhook_endpoints (
        id text PRIMARY KEY,
        url text NOT NULL,
        event_types text[] NOT NULL,
        description text,
        -- AES-256-GCM under WEBHOOK_SECRET_ENCRYPTION_KEY, bound to the row's id.
        secret_encrypted text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`CREATE INDEX webhook_endpoints_created_at_idx ON accounts.webhook_endpoints (created_at, id)`);

    await runner.query(`
      CREATE TABLE accounts.webhook_deliveries (
        id text PRIMARY KEY,
        endpoint_id text NOT NULL REFERENCES accounts.webhook_endpoints (id) ON DELETE CASCADE,
        event_id uuid NOT NULL,
        event_type text NOT NULL,
        -- The exact bytes sent (and signed) on every attempt.
        body text NOT NULL,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'succeeded', 'failed')),
        attempt_count integer NOT NULL DEFAULT 0,
        attempts jsonb NOT NULL DEFAULT '[]',
        next_attempt_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT webhook_deliveries_event_key UNIQUE (endpoint_id, event_id)
      )`);
    await runner.query(
      `CREATE INDEX webhook_deliveries_due_idx ON accounts.webhook_deliveries (next_attempt_at)
        WHERE status = 'pending'`,
    );
    await runner.query(
      `CREATE INDEX webhook_deliveries_endpoint_idx ON accounts.webhook_deliveries (endpoint_id, created_at DESC, id)`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE accounts.webhook_deliveries');
    await runner.query('DROP TABLE accounts.webhook_endpoints');
  }
}
