import { dropDatabase, ensureDatabase } from '@tessera/database';
import { randomBytes } from 'node:crypto';

const SERVER_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432';

export interface TestDatabase {
  url: string;
  drop(): Promise<void>;
}

/** A fresh, uniquely named database on the machine's Postgres, dropped by `drop()`. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const url = `${SERVER_URL}/tessera_test_${randomBytes(6).toString('hex')}`;
  await ensureDatabase(url);
  return { url, drop: () => dropDatabase(url) };
}
