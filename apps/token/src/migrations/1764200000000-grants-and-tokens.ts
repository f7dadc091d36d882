import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Grants (one per redeemed authorization code), their refresh-token family and opaque access tokens. Tokens are
 * stored only as SHA-256 hashes. Revocation is a mark on the grant: every token of the grant checks it.
 */
export class GrantsAndTokens1764200000000 implements MigrationInterface {
  name = 'GrantsAndTokens1764200000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE token.grants (
        id text PRIMARY KEY,
        client_id text NOT NULL,
        user_id text NOT NULL,
        scopes text[] NOT NULL,
        organization_id text,
        resources text[] NOT NULL DEFAULT '{}',
        consent_id text,
        auth_time timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz,
        revoked_reason text
      )`);
    // Bulk revocation (user or application deleted, consent withdrawn) only looks at live grants.
    await runner.query(`CREATE INDEX grants_live_by_user ON token.grants (user_id) WHERE revoked_at IS NULL`);
    await runner.query(`CREATE INDEX grants_live_by_client ON token.grants (client_id) WHERE revoked_at IS NULL`);
    await runner.query(
      `CREATE INDEX grants_live_by_consent ON token.grants (consent_id) WHERE revoked_at IS NULL AND consent_id IS NOT NULL`,
    );

    // One family per grant: each use marks the token used and links its successor (rotation).
    await runner.query(`
      CREATE TABLE token.refresh_tokens (
        token_hash text PRIMARY KEY,
        grant_id text NOT NULL REFERENCES token.grants (id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        replaced_by text
      )`);
    await runner.query(`CREATE INDEX refresh_tokens_by_grant ON token.refresh_tokens (grant_id)`);
    await runner.query(`CREATE INDEX refresh_tokens_by_expiry ON token.refresh_tokens (expires_at)`);

    // Opaque access tokens carry nothing themselves: this row is what they mean.
    await runner.query(`
      CREATE TABLE token.access_tokens (
        token_hash text PRIMARY KEY,
        grant_id text NOT NULL REFERENCES token.grants (id) ON DELETE CASCADE,
        client_id text NOT NULL,
        user_id text NOT NULL,
        scopes text[] NOT NULL,
        organization_id text,
        audience text[] NOT NULL,
        issued_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL
      )`);
    await runner.query(`CREATE INDEX access_tokens_by_expiry ON token.access_tokens (expires_at)`);
    await runner.query(`CREATE INDEX access_tokens_by_grant ON token.access_tokens (grant_id)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE token.access_tokens');
    await runner.query('DROP TABLE token.refresh_tokens');
    await runner.query('DROP TABLE token.grants');
  }
}
