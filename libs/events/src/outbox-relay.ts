import type { Logger } from '@tessera/logging';
import type { JetStreamClient, NatsConnection } from 'nats';
import { ensureEventStream } from './event-stream';
import { KickedLoop } from './kicked-loop';
import type { ClientBase } from 'pg';
import type { DataSource } from 'typeorm';
import type { PostgresDriver } from 'typeorm/driver/postgres/PostgresDriver';

/** A pooled connection taken out of the pool for good (TypeORM's PostgresDriver hands out pg-pool clients). */
interface HeldConnection {
  client: ClientBase;
  /** Back to the pool; with an error, closed instead (pg-pool's contract). */
  release: (error?: Error) => void;
}

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

/**
 * Moves committed events from a service's outbox to JetStream, oldest first. One relay per schema publishes at a
 * time, so the events of an aggregate keep their commit order: the replica whose relay holds the schema's Postgres
 * advisory lock, a session lock kept on a connection of its own for as long as the replica runs (others try for it
 * each round, and one takes over within a poll interval when the holder's connection or process ends). A row is
 * deleted only after JetStream acknowledged it, and the event id is the message id, so a retry after a crash is
 * dropped as a duplicate. While NATS is down the rows wait and the relay backs off.
 *
 * A batch is two statements on the lock's connection, the read and the delete, and no transaction: the session
 * lock, not a transaction's, keeps other relays out, and the delete is one statement. A batch used to be four
 * round trips (BEGIN, the read with a transaction's lock, the delete, COMMIT), a share of every code exchange's
 * and refresh's Postgres work under load.
 */
export class OutboxRelay {
  private failures = 0;
  private readonly jetstream: JetStreamClient;
  /** The connection holding the schema's relay lock, while this relay holds it. */
  private lockHolder?: HeldConnection;
  private readonly loop = new KickedLoop(
    () => this.tick(),
    (kicked) => {
      const backoff = this.failures ? Math.min(250 * 2 ** this.failures, 5000) : undefined;
      return kicked && !backoff ? 0 : (backoff ?? this.options.pollIntervalMs ?? 500);
    },
  );

  constructor(private readonly options: OutboxRelayOptions) {
    this.jetstream = options.connection.jetstream();
  }

  start(): void {
    this.loop.start();
  }

  /** Publish soon: called after a transaction that wrote events commits. */
  kick(): void {
    this.loop.kick();
  }

  async stop(): Promise<void> {
    await this.loop.stop();
    await this.letGoOfLock();
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
    // Thrown only now, after the delete of what did go out, so that it is not sent again.
    if (failure !== undefined) throw failure;
    return count;
  }

  private async relayBatch(): Promise<{ count: number; failure?: unknown }> {
    const { schema } = this.options;
    const holder = await this.holdLock();
    // Another replica relays this schema: this one reads nothing.
    if (!holder) return { count: 0 };
    try {
      const { rows } = await holder.client.query<OutboxRow>(
        `SELECT seq, id, subject, envelope FROM "${schema}".outbox ORDER BY seq LIMIT $1`,
        [this.options.batchSize ?? 100],
      );
      const { published, failure } = await this.publishInAggregateOrder(rows);
      if (published.length) {
        await holder.client.query(`DELETE FROM "${schema}".outbox WHERE seq = ANY($1::bigint[])`, [published]);
      }
      return { count: published.length, failure };
    } catch (error) {
      // The connection may be gone, and the lock with it: close it, and try for the lock afresh next round.
      this.drop(holder, error);
      throw error;
    }
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
            await this.jetstream.publish(row.subject, encoder.encode(JSON.stringify(row.envelope)), { msgID: row.id });
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

  /** The connection that holds the schema's relay lock, taking the lock if it is free; undefined if it is not. */
  private async holdLock(): Promise<HeldConnection | undefined> {
    if (this.lockHolder) return this.lockHolder;
    const driver = this.options.dataSource.driver as PostgresDriver;
    const [client, release] = (await driver.obtainMasterConnection()) as [ClientBase, HeldConnection['release']];
    // Out of the pool, no one listens to the client's errors: a connection that dies between batches (Postgres
    // restarted, the network cut) would otherwise take the process with it. It takes the lock with it instead.
    const onError = (error: Error) => this.drop(connection, error);
    let released = false;
    const connection: HeldConnection = {
      client,
      // Once: the error listener and a failed query can both report one death.
      release: (error) => {
        if (released) return;
        released = true;
        client.removeListener('error', onError);
        release(error);
      },
    };
    client.on('error', onError);
    try {
      const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [
        this.lockName,
      ]);
      if (rows[0]?.locked) return (this.lockHolder = connection);
      connection.release();
      return undefined;
    } catch (error) {
      this.drop(connection, error);
      throw error;
    }
  }

  /** Closes a connection that failed (pg-pool drops a client released with an error), and the lock with it. */
  private drop(connection: HeldConnection, error: unknown): void {
    if (this.lockHolder === connection) this.lockHolder = undefined;
    connection.release(error instanceof Error ? error : new Error(String(error)));
  }

  /** Gives the lock and its connection back; a connection that cannot say it let go is closed, never pooled. */
  private async letGoOfLock(): Promise<void> {
    const holder = this.lockHolder;
    this.lockHolder = undefined;
    if (!holder) return;
    try {
      await holder.client.query('SELECT pg_advisory_unlock(hashtext($1))', [this.lockName]);
      holder.release();
    } catch (error) {
      this.drop(holder, error);
    }
  }

  private get lockName(): string {
    return `tessera-outbox:${this.options.schema}`;
  }
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
