import type { MigrationInterface, QueryRunner } from 'typeorm';

export class SigningKeys1764100000000 implements MigrationInterface {
  name = 'SigningKeys1764100000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE token.signing_keys (
        kid text PRIMARY KEY,
        alg text NOT NULL,
        status text NOT NULL CHECK (status IN ('active', 'retired')),
        public_jwk jsonb NOT NULL,
        private_key_sealed text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        published_until timestamptz
      )`);
    // At most one active key per algorithm, enforced by the database rather than by luck.
    await runner.query(
      `CREATE UNIQUE INDEX signing_keys_one_active_per_alg ON token.signing_keys (alg) WHERE status = 'active'`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query('DROP TABLE token.signing_keys');
  }
}
