/**
 * What a write needs of its connection: an EntityManager, a DataSource or a WriteBatch. Methods that only write
 * (nothing of the result is read back) take this, so that the caller chooses whether the write runs at once or
 * joins a batch.
 */
export interface SqlWriter {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

/**
 * What decides whether a conditional batch's writes happen: data-modifying steps (`UPDATE … WHERE <still as
 * expected> RETURNING …`, say) that run first, in order, each able to read the rows the ones before it returned,
 * by name. The writes happen only if the last step returned a row. The steps number their parameters from $1.
 */
export interface WriteCondition {
  steps: Array<{ name: string; sql: string }>;
  parameters: unknown[];
}

/**
 * Independent writes sent to Postgres as one statement, each as a data-modifying CTE: atomic without a
 * transaction (a statement is), and one round trip instead of one per write plus BEGIN and COMMIT. "Independent":
 * no write reads what another wrote, and none is read back. A foreign key between them holds, since Postgres checks
 * it when the statement ends.
 *
 * With a condition, the condition's steps come first, and each write is made to depend on the last step: the
 * whole change is then one statement even when it must first find out whether there is anything to change. Such a
 * batch takes single-row `INSERT … VALUES (…)` writes only (an insert is what an event or a new row is).
 *
 * Each write numbers its own parameters from $1, as it would alone; the batch renumbers them. Tessera's SQL has no
 * `$n` inside string literals, which the renumbering would also touch.
 */
export class WriteBatch implements SqlWriter {
  private readonly writes: string[] = [];
  private readonly parameters: unknown[];

  constructor(private readonly condition?: WriteCondition) {
    this.parameters = [...(condition?.parameters ?? [])];
  }

  /** Queues the write; it runs with the batch. Resolves at once, with nothing to read. */
  query(sql: string, parameters: unknown[] = []): Promise<unknown> {
    const write = renumbered(sql, this.parameters.length);
    this.writes.push(this.condition ? onlyIfReturned(write, lastStep(this.condition)) : write);
    this.parameters.push(...parameters);
    return Promise.resolve(undefined);
  }

  /**
   * Sends the condition and the queued writes through `connection` as one statement (a lone write as itself).
   * True when the writes happened: always without a condition, else when its last step returned a row.
   */
  async run(connection: SqlWriter): Promise<boolean> {
    if (this.condition) {
      return (await this.runWith(connection, `SELECT 1 FROM ${lastStep(this.condition)}`)).length > 0;
    }
    if (this.writes.length === 1) await connection.query(this.writes[0], this.parameters);
    else if (this.writes.length > 1) await this.runWith(connection, 'SELECT 1');
    return true;
  }

  /**
   * Sends the batch with `read`, a query of other tables, as one statement, and answers the read's rows: a change
   * and a lookup in one round trip. The read sees the database as it was before the writes (a statement sees one
   * snapshot). `read` numbers its parameters from $1.
   */
  async runWith<Row>(connection: SqlWriter, read: string, parameters: unknown[] = []): Promise<Row[]> {
    const ctes = [
      ...(this.condition?.steps ?? []),
      ...this.writes.map((sql, index) => ({ name: `write_${index}`, sql })),
    ];
    const query = renumbered(read, this.parameters.length);
    const statement = ctes.length
      ? `WITH ${ctes.map((cte) => `${cte.name} AS (${cte.sql})`).join(',\n')}\n${query}`
      : query;
    return (await connection.query(statement, [...this.parameters, ...parameters])) as Row[];
  }
}

/** `sql` with its parameters `$1…` moved `offset` places on, to follow the batch's earlier ones. */
const renumbered = (sql: string, offset: number) =>
  offset ? sql.replace(/\$(\d+)/g, (_, index: string) => `$${Number(index) + offset}`) : sql;

function lastStep(condition: WriteCondition): string {
  const last = condition.steps.at(-1);
  if (!last) throw new Error('A write condition needs at least one step');
  return last.name;
}

const SINGLE_ROW_INSERT = /^\s*(INSERT\s+INTO\s+[^(]+\([^)]*\))\s*VALUES\s*\(([\s\S]*)\)\s*$/i;

/**
 * `INSERT INTO t (…) VALUES (…)` as `INSERT INTO t (…) SELECT … WHERE EXISTS (SELECT 1 FROM step)`. Postgres
 * infers the parameters' types from the target columns in both forms.
 */
function onlyIfReturned(write: string, step: string): string {
  const match = SINGLE_ROW_INSERT.exec(write);
  if (!match || /\)\s*,\s*\(/.test(match[2])) {
    throw new Error(`A conditional WriteBatch takes single-row INSERT … VALUES writes only, not: ${write}`);
  }
  return `${match[1]} SELECT ${match[2]} WHERE EXISTS (SELECT 1 FROM ${step})`;
}
