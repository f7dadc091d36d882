import { randomBytes } from 'node:crypto';
import { QueryFailedError, type DataSource, type EntityManager } from 'typeorm';
import { createServiceDataSource, dropDatabase, ensureDatabase, WriteBatch } from '../src';
import { MAX_PREPARED_PER_CONNECTION, statementName } from '../src/prepared-statement-client';

const SERVER_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432';

/** The statements prepared on the transaction's connection (pg_prepared_statements is per session). */
async function preparedOn(manager: EntityManager): Promise<string[]> {
  const rows: Array<{ name: string }> = await manager.query('SELECT name FROM pg_prepared_statements');
  return rows.map((row) => row.name);
}

describe('the services’ Postgres client: parameterised queries as prepared statements', () => {
  const url = `${SERVER_URL}/tessera_test_${randomBytes(6).toString('hex')}`;
  let dataSource: DataSource;

  beforeAll(async () => {
    await ensureDatabase(url);
    dataSource = createServiceDataSource({ url, schema: 'public', entities: [], migrations: [], poolSize: 2 });
    await dataSource.initialize();
    await dataSource.query('CREATE TABLE things (id text PRIMARY KEY, label text NOT NULL)');
  });

  afterAll(async () => {
    await dataSource.destroy();
    await dropDatabase(url);
  });

  it('prepares a parameterised statement once per connection and answers as before', async () => {
    const text = 'INSERT INTO things (id, label) VALUES ($1, $2) RETURNING id, label';
    await dataSource.transaction(async (manager) => {
      expect(await manager.query(text, ['a', 'first'])).toEqual([{ id: 'a', label: 'first' }]);
      expect(await manager.query(text, ['b', 'second'])).toEqual([{ id: 'b', label: 'second' }]);
      const prepared = await preparedOn(manager);
      expect(prepared.filter((name) => name === statementName(text))).toHaveLength(1);
    });
    expect(await dataSource.query('SELECT label FROM things WHERE id = $1', ['b'])).toEqual([{ label: 'second' }]);
  });

  it('leaves queries without parameters unnamed', async () => {
    await dataSource.transaction(async (manager) => {
      await manager.query('SELECT count(*) FROM things');
      expect(await preparedOn(manager)).not.toContain(statementName('SELECT count(*) FROM things'));
    });
  });

  it('still reports a failing statement as TypeORM’s QueryFailedError with Postgres’s code', async () => {
    const insert = 'INSERT INTO things (id, label) VALUES ($1, $2)';
    await dataSource.query(insert, ['dup', 'once']);
    const failure = await dataSource.query(insert, ['dup', 'twice']).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(QueryFailedError);
    expect((failure as QueryFailedError & { driverError: { code: string } }).driverError.code).toBe('23505');
  });

  it('keeps at most MAX_PREPARED_PER_CONNECTION statements per connection, running the rest unnamed', async () => {
    await dataSource.transaction(async (manager) => {
      for (let index = 0; index <= MAX_PREPARED_PER_CONNECTION + 10; index++) {
        expect(await manager.query(`SELECT $1::int + ${index} AS sum`, [1])).toEqual([{ sum: 1 + index }]);
      }
      expect((await preparedOn(manager)).length).toBeLessThanOrEqual(MAX_PREPARED_PER_CONNECTION);
    });
  });

  describe('WriteBatch against Postgres', () => {
    beforeAll(async () => {
      await dataSource.query('CREATE TABLE parents (id text PRIMARY KEY)');
      await dataSource.query(
        'CREATE TABLE children (id text PRIMARY KEY, parent_id text NOT NULL REFERENCES parents (id))',
      );
    });

    const batchOf = (parentId: string, childParentId: string) => {
      const batch = new WriteBatch();
      void batch.query('INSERT INTO parents (id) VALUES ($1)', [parentId]);
      void batch.query('INSERT INTO children (id, parent_id) VALUES ($1, $2)', [`child-of-${parentId}`, childParentId]);
      return batch;
    };

    it('writes a parent and the child that references it in one statement', async () => {
      await batchOf('p1', 'p1').run(dataSource);

      expect(await dataSource.query('SELECT id, parent_id FROM children')).toEqual([
        { id: 'child-of-p1', parent_id: 'p1' },
      ]);
    });

    it('writes nothing when one of its writes fails', async () => {
      const failure = await batchOf('p2', 'nobody')
        .run(dataSource)
        .catch((error: unknown) => error);

      expect((failure as QueryFailedError & { driverError: { code: string } }).driverError.code).toBe('23503');
      expect(await dataSource.query('SELECT id FROM parents WHERE id = $1', ['p2'])).toEqual([]);
    });

    it('with a condition, writes only when the condition changed a row, and says so', async () => {
      await dataSource.query(`INSERT INTO parents (id) VALUES ('p3')`);
      await dataSource.query('ALTER TABLE parents ADD COLUMN adopted boolean NOT NULL DEFAULT false');
      const adoption = (childId: string) => {
        const batch = new WriteBatch({
          steps: [
            {
              name: 'adopted',
              sql: 'UPDATE parents SET adopted = true WHERE id = $1 AND NOT adopted RETURNING id',
            },
          ],
          parameters: ['p3'],
        });
        void batch.query('INSERT INTO children (id, parent_id) VALUES ($1, $2)', [childId, 'p3']);
        return batch;
      };

      await expect(adoption('first-of-p3').run(dataSource)).resolves.toBe(true);
      await expect(adoption('second-of-p3').run(dataSource)).resolves.toBe(false);

      expect(await dataSource.query('SELECT id FROM children WHERE parent_id = $1', ['p3'])).toEqual([
        { id: 'first-of-p3' },
      ]);
    });
  });
});
