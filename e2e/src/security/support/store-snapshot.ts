import Redis from 'ioredis';
import { Client } from 'pg';
import { e2e } from '../../support/e2e-env';

/** One stored value, named by where it lives (`postgres token.grants` or `redis <key>`). */
export interface StoredValue {
  where: string;
  text: string;
}

/**
 * Everything the stack has stored: every row of every table in every schema of its Postgres database (each row
 * cast to text), and every key under its Redis namespace with its value, whatever the key's type.
 */
export async function snapshotStores(): Promise<StoredValue[]> {
  return [...(await postgresRows()), ...(await redisValues())];
}

async function postgresRows(): Promise<StoredValue[]> {
  const client = new Client({ connectionString: e2e.databaseUrl });
  await client.connect();
  try {
    const tables = await client.query<{ schema: string; table: string }>(
      `SELECT DISTINCT c.table_schema AS schema, c.table_name AS table
         FROM information_schema.columns c
         JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
        WHERE c.table_schema NOT IN ('pg_catalog', 'information_schema') AND t.table_type = 'BASE TABLE'
        ORDER BY 1, 2`,
    );
    const values: StoredValue[] = [];
    for (const { schema, table } of tables.rows) {
      const name = `${quoteIdentifier(schema)}.${quoteIdentifier(table)}`;
      const rows = await client.query<{ row: string }>(`SELECT t::text AS row FROM ${name} t`);
      for (const { row } of rows.rows) values.push({ where: `postgres ${schema}.${table}`, text: row });
    }
    if (!tables.rows.some(({ schema }) => schema === 'token')) throw new Error('no token schema: wrong database?');
    return values;
  } finally {
    await client.end();
  }
}

const quoteIdentifier = (name: string) => `"${name.replace(/"/g, '""')}"`;

async function redisValues(): Promise<StoredValue[]> {
  const redis = new Redis(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379', { lazyConnect: true });
  await redis.connect();
  try {
    const values: StoredValue[] = [];
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${e2e.redisNamespace}:*`, 'COUNT', 500);
      cursor = next;
      for (const key of keys) values.push({ where: `redis ${key}`, text: `${key} ${await redisValue(redis, key)}` });
    } while (cursor !== '0');
    return values;
  } finally {
    redis.disconnect();
  }
}

async function redisValue(redis: Redis, key: string): Promise<string> {
  const type = await redis.type(key);
  switch (type) {
    case 'string':
      return (await redis.getBuffer(key))?.toString('utf8') ?? '';
    case 'hash':
      return JSON.stringify(await redis.hgetall(key));
    case 'list':
      return JSON.stringify(await redis.lrange(key, 0, -1));
    case 'set':
      return JSON.stringify(await redis.smembers(key));
    case 'zset':
      return JSON.stringify(await redis.zrange(key, 0, -1, 'WITHSCORES'));
    case 'stream':
      return JSON.stringify(await redis.xrange(key, '-', '+'));
    case 'none':
      return ''; // expired between SCAN and TYPE
    default:
      throw new Error(`a Redis key of a type this scan does not read: ${type} (${key})`);
  }
}

/**
 * The forms in which a secret could sit in a store "in clear": as is, and base64 / base64url encoded (an
 * encoding is not a protection).
 */
export function clearForms(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  return [...new Set([secret, bytes.toString('base64'), bytes.toString('base64url')])];
}

/** Where, if anywhere, any clear form of `secret` is stored. */
export function whereStored(stores: readonly StoredValue[], secret: string): string[] {
  if (secret.length < 8) throw new Error(`"${secret}" is too short to look for`);
  const forms = clearForms(secret);
  return stores.filter(({ text }) => forms.some((form) => text.includes(form))).map(({ where }) => where);
}
