import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Consents1764200000000 implements MigrationInterface {
  name = 'Consents1764200000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE authorize.consents (
        id text PRIMARY KEY,
        user_id text NOT NULL,
        client_id text NOT NULL,
        scopes text[] NOT NULL,
        organization_id text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT consents_one_per_user_and_client UNIQUE (user_id, client_id)
      )`);
    // Deleting an application (or answering "who has authorized this client") looks consents up by client.
    await runner.query('CREATE INDEX consents_by_client ON authorize.consents (client_id)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE authorize.consents');
  }
}
