import { WriteBatch, type SqlWriter } from './write-batch';

/** Records what would reach Postgres. */
function recorder(): SqlWriter & { sent: Array<{ sql: string; parameters?: unknown[] }> } {
  const sent: Array<{ sql: string; parameters?: unknown[] }> = [];
  return {
    sent,
    async query(sql, parameters) {
      sent.push({ sql, parameters });
      return [];
    },
  };
}

describe('WriteBatch', () => {
  it('sends several writes as one statement, renumbering each one’s parameters after the ones before', async () => {
    const batch = new WriteBatch();
    await batch.query('INSERT INTO a (x, y) VALUES ($1, $2)', [1, 2]);
    await batch.query('INSERT INTO b (x) VALUES ($1)', [3]);
    await batch.query('UPDATE c SET x = $2 WHERE id = $1', ['c1', 4]);
    const connection = recorder();

    await batch.run(connection);

    expect(connection.sent).toEqual([
      {
        sql: [
          'WITH write_0 AS (INSERT INTO a (x, y) VALUES ($1, $2)),',
          'write_1 AS (INSERT INTO b (x) VALUES ($3)),',
          'write_2 AS (UPDATE c SET x = $5 WHERE id = $4)',
          'SELECT 1',
        ].join('\n'),
        parameters: [1, 2, 3, 'c1', 4],
      },
    ]);
  });

  it('sends a lone write as it is, and nothing at all when empty', async () => {
    const lone = new WriteBatch();
    await lone.query('DELETE FROM a WHERE id = $1', ['x']);
    const connection = recorder();

    await lone.run(connection);
    await new WriteBatch().run(connection);

    expect(connection.sent).toEqual([{ sql: 'DELETE FROM a WHERE id = $1', parameters: ['x'] }]);
  });

  it('renumbers two-digit parameters whole', async () => {
    const batch = new WriteBatch();
    await batch.query('INSERT INTO a VALUES ($1)', [0]);
    await batch.query(`INSERT INTO b VALUES (${Array.from({ length: 11 }, (_, i) => `$${i + 1}`).join(', ')})`, [
      ...Array(11).keys(),
    ]);
    const connection = recorder();

    await batch.run(connection);

    expect(connection.sent[0].sql).toContain('VALUES ($2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)');
  });

  it('sends a read of other tables with the writes, numbering its parameters after theirs', async () => {
    const batch = new WriteBatch();
    await batch.query('INSERT INTO log (note) VALUES ($1)', ['seen']);
    const connection = recorder();

    await batch.runWith(connection, 'SELECT id FROM hooks WHERE kind = $1', ['log']);
    await new WriteBatch().runWith(connection, 'SELECT id FROM hooks WHERE kind = $1', ['none']);

    expect(connection.sent).toEqual([
      {
        sql: 'WITH write_0 AS (INSERT INTO log (note) VALUES ($1))\nSELECT id FROM hooks WHERE kind = $2',
        parameters: ['seen', 'log'],
      },
      { sql: 'SELECT id FROM hooks WHERE kind = $1', parameters: ['none'] },
    ]);
  });

  describe('with a condition', () => {
    const rotation = {
      steps: [
        { name: 'claimed', sql: 'UPDATE slots SET taken = true WHERE id = $1 AND NOT taken RETURNING id' },
        { name: 'successor', sql: 'INSERT INTO slots (id) SELECT $2 FROM claimed RETURNING id' },
      ],
      parameters: ['s1', 's2'],
    };

    it('runs the steps first and makes each write depend on the last one, in one statement', async () => {
      const batch = new WriteBatch(rotation);
      await batch.query('INSERT INTO log (slot, note) VALUES ($1, lower($2))', ['s2', 'Taken']);
      const connection = recorder();

      await batch.run(connection);

      expect(connection.sent).toEqual([
        {
          sql: [
            'WITH claimed AS (UPDATE slots SET taken = true WHERE id = $1 AND NOT taken RETURNING id),',
            'successor AS (INSERT INTO slots (id) SELECT $2 FROM claimed RETURNING id),',
            'write_0 AS (INSERT INTO log (slot, note) SELECT $3, lower($4) WHERE EXISTS (SELECT 1 FROM successor))',
            'SELECT 1 FROM successor',
          ].join('\n'),
          parameters: ['s1', 's2', 's2', 'Taken'],
        },
      ]);
    });

    it('tells whether the writes happened by the rows the statement returned', async () => {
      const answering = (rows: unknown[]) => ({ query: async () => rows });
      await expect(new WriteBatch(rotation).run(answering([{ '?column?': 1 }]))).resolves.toBe(true);
      await expect(new WriteBatch(rotation).run(answering([]))).resolves.toBe(false);
    });

    it('refuses a write it cannot make conditional', async () => {
      const batch = new WriteBatch(rotation);
      expect(() => batch.query('UPDATE slots SET taken = false WHERE id = $1', ['s1'])).toThrow(
        'single-row INSERT … VALUES writes only',
      );
      expect(() => batch.query('INSERT INTO log (slot) VALUES ($1), ($2)', ['a', 'b'])).toThrow(
        'single-row INSERT … VALUES writes only',
      );
    });
  });
});
