import type { Logger } from '@tessera/logging';
import type { JetStreamClient, NatsConnection } from 'nats';
import { ensureEventStream } from './event-stream';
import { KickedLoop } from './kicked-loop';
import type { DataSource } from 'typeorm';

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
 * time (a Postgres advisory lock), so the events of an aggregate keep their commit order; a row is deleted only after JetStream
 * acknowledged it, and the event id is the message id, so a retry after a crash is dropped as a duplicate.
 * While NATS is down the rows wait and the relay backs off.
 */
export class OutboxRelay {
  private failures = 0;
  private readonly jetstream: JetStreamClient;
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
    // Thrown only now: inside the transaction it would roll back the deletion of what did go out.
    if (failure !== undefined) throw failure;
    return count;
  }

  private relayBatch(): Promise<{ count: number; failure?: unknown }> {
    const { dataSource, schema } = this.options;
    const { jetstream } = this;
    return dataSource.transaction(async (manager) => {
      // One replica relays a schema at a time (the advisory lock, taken in the same statement: a CTE runs once);
      // when another holds it, this one reads nothing.
      const rows: OutboxRow[] = await manager.query(
        `WITH relay AS (SELECT pg_try_advisory_xact_lock(hashtext($1)) AS locked)
         SELECT seq, id, subject, envelope FROM "${schema}".outbox, relay WHERE relay.locked ORDER BY seq LIMIT $2`,
        [`tessera-outbox:${schema}`, this.options.batchSize ?? 100],
      );
      // Each aggregate's events one at a time, each awaited, so that they reach the stream in commit order; the
      // aggregates side by side, since nothing orders the events of different ones (docs/events.md). Awaiting
      // every publish in turn capped a relay at one event per event-loop turn, and under load the outbox grew
      // faster than it drained. An aggregate whose publish fails stops there (its later events wait for the next
      // round); the rows JetStream acknowledged are deleted in one statement at the end, also when another
      // publish failed, so that they are not sent again.
      const published: string[] = [];
      let failure: unknown;
      await Promise.all(
        [...inAggregateOrder(rows).values()].map(async (aggregateRows) => {
          for (const row of aggregateRows) {
            try {
              await jetstream.publish(row.subject, encoder.encode(JSON.stringify(row.envelope)), { msgID: row.id });
            } catch (error) {
              failure ??= error;
              return;
            }
            published.push(row.seq);
          }
        }),
      );
      if (published.length) {
        await manager.query(`DELETE FROM "${schema}".outbox WHERE seq = ANY($1::bigint[])`, [published]);
      }
      return { count: published.length, failure };
    });
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
