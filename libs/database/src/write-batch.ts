/**
 * What a write needs of its connection: an EntityManager, a DataSource or a WriteBatch. Methods that only write
 * (nothing of the result is read back) take this, so that the caller chooses whether the write runs at once or
 * joins a batch.
 */
export interface SqlWriter {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

/**
 * Independent writes sent to Postgres as one statement, each as a data-modifying CTE: atomic without a
 * transaction (a statement is), and one round trip instead of one per write plus BEGIN and COMMIT. "Independent":
 * no write reads what another wrote, and none is read back. A foreign key between them holds, since Postgres checks
 * it when the statement ends.
 *
 * Each write numbers its own parameters from $1, as it would alone; the batch renumbers them. Tessera's SQL has no
 * `$n` inside string literals, which the renumbering would also touch.
 */
export class WriteBatch implements SqlWriter {
  private readonly writes: string[] = [];
  private readonly parameters: unknown[] = [];

  /** Queues the write; it runs with the batch. Resolves at once, with nothing to read. */
  query(sql: string, parameters: unknown[] = []): Promise<unknown> {
    const offset = this.parameters.length;
    this.writes.push(offset ? sql.replace(/\$(\d+)/g, (_, index: string) => `$${Number(index) + offset}`) : sql);
    this.parameters.push(...parameters);
    return Promise.resolve(undefined);
  }

  /** Sends the queued writes through `connection` as one statement (a lone write as itself). */
  async run(connection: SqlWriter): Promise<void> {
    if (this.writes.length === 0) return;
    const sql =
      this.writes.length === 1
        ? this.writes[0]
        : `WITH ${this.writes.map((write, index) => `write_${index} AS (${write})`).join(',\n')}\nSELECT 1`;
    await connection.query(sql, this.parameters);
  }
}
