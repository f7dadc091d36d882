import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Users, their email addresses, organizations and memberships. Identifiers (emails, usernames, slugs) are
 * stored in lower case and unique on lower(...), so uniqueness holds case-insensitively even under concurrent
 * writes: the database, not a read-then-write check, decides who wins.
 */
export class Accounts1764200000000 implements MigrationInterface {
  name = 'Accounts1764200000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE accounts.users (
        id text PRIMARY KEY,
        username text CHECK (username = lower(username)),
        first_name text,
        last_name text,
        image_url text,
        password_hash text,
        public_metadata jsonb NOT NULL DEFAULT '{}',
        private_metadata jsonb NOT NULL DEFAULT '{}',
        unsafe_metadata jsonb NOT NULL DEFAULT '{}',
        primary_email_address_id text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`CREATE UNIQUE INDEX users_username_key ON accounts.users (lower(username))`);
    await runner.query(`CREATE INDEX users_created_at_idx ON accounts.users (created_at, id)`);

    await runner.query(`
      CREATE TABLE accounts.email_addresses (
        id text PRIMARY KEY,
        user_id text NOT NULL REFERENCES accounts.users (id) ON DELETE CASCADE,
        email text NOT NULL CHECK (email = lower(email)),
        verification_status text NOT NULL CHECK (verification_status IN ('verified', 'unverified')),
        -- clock_timestamp(): addresses added in one transaction keep the order they were given in.
        created_at timestamptz NOT NULL DEFAULT clock_timestamp()
      )`);
    await runner.query(`CREATE UNIQUE INDEX email_addresses_email_key ON accounts.email_addresses (lower(email))`);
    await runner.query(`CREATE INDEX email_addresses_user_id_idx ON accounts.email_addresses (user_id)`);
    // Deferred: a user and their first address are inserted in one transaction, in either order.
    await runner.query(`
      ALTER TABLE accounts.users ADD CONSTRAINT users_primary_email_address_fkey
        FOREIGN KEY (primary_email_address_id) REFERENCES accounts.email_addresses (id)
        DEFERRABLE INITIALLY DEFERRED`);

    await runner.query(`
      CREATE TABLE accounts.organizations (
        id text PRIMARY KEY,
        name text NOT NULL,
        slug text NOT NULL CHECK (slug = lower(slug)),
        public_metadata jsonb NOT NULL DEFAULT '{}',
        private_metadata jsonb NOT NULL DEFAULT '{}',
        created_by text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`CREATE UNIQUE INDEX organizations_slug_key ON accounts.organizations (lower(slug))`);
    await runner.query(`CREATE INDEX organizations_created_at_idx ON accounts.organizations (created_at, id)`);

    await runner.query(`
      CREATE TABLE accounts.organization_memberships (
        id text PRIMARY KEY,
        organization_id text NOT NULL REFERENCES accounts.organizations (id) ON DELETE CASCADE,
        user_id text NOT NULL REFERENCES accounts.users (id) ON DELETE CASCADE,
        role text NOT NULL CHECK (role IN ('org:admin', 'org:member')),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT organization_memberships_member_key UNIQUE (organization_id, user_id)
      )`);
    // The (organization_id, user_id) key serves lookups by organization; this one serves lookups by user.
    await runner.query(
      `CREATE INDEX organization_memberships_user_id_idx ON accounts.organization_memberships (user_id)`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE accounts.organization_memberships');
    await runner.query('DROP TABLE accounts.organizations');
    await runner.query('ALTER TABLE accounts.users DROP CONSTRAINT users_primary_email_address_fkey');
    await runner.query('DROP TABLE accounts.email_addresses');
    await runner.query('DROP TABLE accounts.users');
  }
}
