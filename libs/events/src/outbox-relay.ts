import type { Logger } from '@tessera/logging';
import { JetStreamPublisher } from '@tessera/nats';
import type { NatsConnection } from 'nats';
import { ensureEventStream } from './event-stream';
import { KickedLoop } from './kicked-loop';
import type { ClientBase, QueryResult } from 'pg';
import type { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

interface OutboxRow {
  seq: string;
  id: string;
  subject: string;
  envelope: unknown;
}

export interface OutboxRelayOptions {
  dataSource: DataSource;
  schema: string;
  connection: NatsConnection;
  logger: Logger;
  /** How often the relay looks for events when nobody kicked it. */
  pollIntervalMs?: number;
  batchSize?: number;
}

const encoder = new TextEncoder();

/** Schema names go into the relay's SQL text (see relayBatch), so only plain identifiers are accepted. */
const PLAIN_IDENTIFIER = /^[a-z_][a-z0-9_]*$/;

/**
 * Moves committed events from a service's outbox to JetStream, oldest first. One relay per schema publishes at a
 * time (a Postgres advisory lock held by the batch's transaction), so the events of an aggregate keep their commit
 * order; a row is deleted only after JetStream acknowledged it, and the event id is the message id, so a retry
 * after a crash is dropped as a duplicate. While NATS is down the rows wait and the relay backs off.
 *
 * A batch is a transaction in two round trips: `BEGIN` and the locked read in one query string, the delete and
 * `COMMIT` in another. Sent one statement at a time (as TypeORM's transactions do) it took four, a share of every
 * code exchange's and refresh's Postgres work under load. The lock stays a transaction's, not a session's, so
 * that it works behind PgBouncer in transaction mode (docs/operations.md).
 */
export class OutboxRelay {
  private failures = 0;
  private readonly jetstream: JetStreamPublisher;
  private readonly loop = new KickedLoop(
    () => this.tick(),
    (kicked) => {
      const backoff = this.failures ? Math.min(250 * 2 ** this.failures, 5000) : undefined;
      return kicked && !backoff ? 0 : (backoff ?? this.options.pollIntervalMs ?? 500);
    },
  );

  constructor(private readonly options: OutboxRelayOptions) {
    if (!PLAIN_IDENTIFIER.test(options.schema))
      throw new Error(`outbox relay: unsupported schema name ${options.schema}`);
    this.jetstream = new JetStreamPublisher(options.connection);
  }

  start(): void {
    this.loop.start();
  }

  /** Publish soon: called after a transaction that wrote events commits. */
  kick(): void {
    this.loop.kick();
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** Seconds since the oldest unpublished event was written (0 when the outbox is empty): the relay lag. */
  async lagSeconds(): Promise<number> {
    const [row] = await this.options.dataSource.query(
      `SELECT COALESCE(EXTRACT(EPOCH FROM now() - min(created_at)), 0) AS lag FROM "${this.options.schema}".outbox`,
    );
    return Number(row?.lag ?? 0);
  }

  /** Publishes everything pending now; resolves with how many events went out. */
  async flush(): Promise<number> {
    let total = 0;
    for (;;) {
      const published = await this.publishBatch();
      total += published;
      if (published < (this.options.batchSize ?? 100)) return total;
    }
  }

  private async tick(): Promise<void> {
    try {
      await this.flush();
      this.failures = 0;
    } catch (error) {
      this.failures += 1;
      if (this.failures === 1 || this.failures % 20 === 0) {
        this.options.logger.warn({ err: error, failures: this.failures }, 'outbox relay could not publish; will retry');
      }
      // The stream may be what is missing (a fresh NATS, or an operator removed it): recreate it if so.
      await this.options.connection
        .jetstreamManager({ timeout: 1000 })
        .then((jsm) => ensureEventStream(jsm))
        .catch(() => undefined);
    }
  }

  private async publishBatch(): Promise<number> {
    const { count, failure } = await this.relayBatch();
    // Thrown only now, after the commit of the deletion of what did go out, so that it is not sent again.
    if (failure !== undefined) throw failure;
    return count;
  }

  private async relayBatch(): Promise<{ count: number; failure?: unknown }> {
    const { schema } = this.options;
    return this.onOwnConnection(async (client) => {
      // Query strings without parameters, so that each can hold two statements (and they are not prepared: they
      // are cheap to plan). One replica relays a schema at a time: the advisory lock, taken in the same statement
      // (a CTE runs once); when another holds it, this one reads nothing.
      const [, read] = (await client.query(
        `BEGIN;
         WITH relay AS (SELECT pg_try_advisory_xact_lock(hashtext('tessera-outbox:${schema}')) AS locked)
         SELECT seq, id, subject, envelope FROM "${schema}".outbox, relay WHERE relay.locked
          ORDER BY seq LIMIT ${Math.trunc(this.options.batchSize ?? 100)}`,
      )) as unknown as [QueryResult, QueryResult<OutboxRow>];
      const { published, failure } = await this.publishInAggregateOrder(read.rows);
      // Sequence numbers are bigints as Postgres wrote them: digits only, safe in the query text.
      await client.query(
        published.length
          ? `DELETE FROM "${schema}".outbox WHERE seq = ANY('{${published.join(',')}}'::bigint[]); COMMIT`
          : 'COMMIT',
      );
      return { count: published.length, failure };
    });
  }

  /**
   * Each aggregate's events one at a time, each awaited, so that they reach the stream in commit order; the
   * aggregates side by side, since nothing orders the events of different ones (docs/events.md). Awaiting every
   * publish in turn capped a relay at one event per event-loop turn, and under load the outbox grew faster than it
   * drained. An aggregate whose publish fails stops there (its later events wait for the next round); the rows
   * JetStream acknowledged are still deleted, so that they are not sent again.
   */
  private async publishInAggregateOrder(rows: OutboxRow[]): Promise<{ published: string[]; failure?: unknown }> {
    const published: string[] = [];
    let failure: unknown;
    await Promise.all(
      [...inAggregateOrder(rows).values()].map(async (aggregateRows) => {
        for (const row of aggregateRows) {
          try {
            await this.jetstream.publish(row.subject, encoder.encode(JSON.stringify(row.envelope)), row.id);
          } catch (error) {
            failure ??= error;
            return;
          }
          published.push(row.seq);
        }
      }),
    );
    return { published, failure };
  }

  /**
   * Runs `work` on a pooled pg connection of its own, rolling back whatever it left open if it fails. A pooled
   * client that is checked out has no error listener of pg-pool's: one is added for the duration, so that a
   * connection dying while the batch publishes fails the batch instead of the process; a connection that failed
   * or could not roll back is closed rather than pooled (pg-pool's release with an error).
   */
  private async onOwnConnection<T>(work: (client: ClientBase) => Promise<T>): Promise<T> {
    const driver = this.options.dataSource.driver as PostgresDriver;
    const [client, release] = (await driver.obtainMasterConnection()) as [ClientBase, (error?: Error) => void];
    let died: Error | undefined;
    const onError = (error: Error) => void (died ??= error);
    client.on('error', onError);
    try {
      const result = await work(client);
      client.removeListener('error', onError);
      release(died);
      return result;
    } catch (error) {
      const rolledBack = died
        ? false
        : await client.query('ROLLBACK').then(
            () => true,
            () => false,
          );
      client.removeListener('error', onError);
      release(rolledBack ? undefined : (died ?? asError(error)));
      throw error;
    }
  }
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

/** The rows of each aggregate, in the order they were read (commit order). */
function inAggregateOrder(rows: OutboxRow[]): Map<string, OutboxRow[]> {
  const byAggregate = new Map<string, OutboxRow[]>();
  for (const row of rows) {
    const aggregateId = (row.envelope as { aggregateId?: unknown }).aggregateId;
    const key = typeof aggregateId === 'string' ? aggregateId : '';
    const group = byAggregate.get(key);
    if (group) group.push(row);
    else byAggregate.set(key, [row]);
  }
  return byAggregate;
}
