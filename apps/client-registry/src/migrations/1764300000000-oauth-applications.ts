import type { MigrationInterface, QueryRunner } from 'typeorm';

export class OAuthApplications1764300000000 implements MigrationInterface {
  name = 'OAuthApplications1764300000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE registry.oauth_applications (
        id text PRIMARY KEY,
        client_id text NOT NULL UNIQUE,
        name text NOT NULL,
        -- SHA-256 of the client secret (base64url); NULL for public clients, which have none.
        secret_hash text,
        public boolean NOT NULL,
        scopes text[] NOT NULL,
        redirect_uris text[] NOT NULL,
        consent_screen_enabled boolean NOT NULL,
        pkce_required boolean NOT NULL,
        dynamically_registered boolean NOT NULL,
        access_token_format text NOT NULL CHECK (access_token_format IN ('jwt', 'opaque')),
        client_uri text,
        logo_uri text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        -- A public client never has a secret; consent cannot be switched off for a registered client.
        CHECK (NOT public OR secret_hash IS NULL),
        CHECK (consent_screen_enabled OR NOT dynamically_registered)
      )`);
    // The admin list pages by creation time or name, newest first by default.
    await runner.query('CREATE INDEX oauth_applications_created_at ON registry.oauth_applications (created_at, id)');
    await runner.query('CREATE INDEX oauth_applications_name ON registry.oauth_applications (lower(name), id)');
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE registry.oauth_applications');
  }
}
