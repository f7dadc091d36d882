import { Injectable } from '@nestjs/common';
import {
  WEBHOOK_ALL_EVENTS,
  type EventEnvelope,
  type ValidRequestOf,
  type WebhookAttempt,
  type WebhookDeliveryStatus,
  type WebhookDeliveryView,
} from '@tessera/contracts';
import { WriteBatch } from '@tessera/database';
import { DataSource } from 'typeorm';
import { newId } from '../common/ids';

/** A delivery the worker claimed, with what it needs to send it. */
export interface ClaimedDelivery {
  id: string;
  endpointId: string;
  eventId: string;
  body: string;
  attemptCount: number;
  url: string;
  secretEncrypted: string;
}

/** The outcome of one attempt, and what happens next. */
export interface AttemptOutcome {
  attempt: WebhookAttempt;
  succeeded: boolean;
  /** When to try again after a failure; undefined: this was the last attempt. */
  retryInMs?: number;
}

interface DeliveryRow {
  id: string;
  endpoint_id: string;
  event_id: string;
  event_type: string;
  status: WebhookDeliveryStatus;
  attempts: WebhookAttempt[];
  next_attempt_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

/**
 * The deliveries table, which is also the delivery worker's queue: each (endpoint, event) pair is one row with
 * its own schedule, so a failing endpoint backs off alone and never holds up the others.
 */
@Injectable()
export class WebhookDeliveriesRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * One pending delivery per endpoint subscribed to each event's type, due now; the number added. Idempotent
   * (unique endpoint and event), so a redelivered event adds nothing. Endpoints registered after an event occurred
   * do not get it: a consumer catching up after an outage must not send a new endpoint the past. The lookup of the
   * subscribed endpoints goes with `alongside`'s writes, in one round trip; the deliveries, when there are any,
   * take another.
   */
  async enqueue(events: EventEnvelope[], alongside = new WriteBatch()): Promise<number> {
    const endpoints = await alongside.runWith<Subscriber>(
      this.dataSource,
      `SELECT id, event_types, (extract(epoch FROM created_at) * 1000000)::bigint::text AS created_us
         FROM accounts.webhook_endpoints
        WHERE event_types && $1::text[] AND created_at <= $2`,
      [[...new Set([...events.map((event) => event.type), WEBHOOK_ALL_EVENTS])], latest(events)],
    );
    const deliveries = events.flatMap((event) =>
      endpoints
        .filter((endpoint) => subscribes(endpoint, event))
        .map((endpoint) => ({ event, endpointId: endpoint.id })),
    );
    if (deliveries.length === 0) return 0;
    const inserted = await this.dataSource.query<Array<{ id: string }>>(
      `INSERT INTO accounts.webhook_deliveries (id, endpoint_id, event_id, event_type, body, next_attempt_at)
       SELECT delivery.id, delivery.endpoint_id, delivery.event_id, delivery.event_type, delivery.body, now()
         FROM unnest($1::text[], $2::text[], $3::uuid[], $4::text[], $5::text[])
              AS delivery (id, endpoint_id, event_id, event_type, body)
       ON CONFLICT (endpoint_id, event_id) DO NOTHING
       RETURNING id`,
      [
        deliveries.map(() => newId('whd')),
        deliveries.map((delivery) => delivery.endpointId),
        deliveries.map((delivery) => delivery.event.id),
        deliveries.map((delivery) => delivery.event.type),
        deliveries.map((delivery) => JSON.stringify(delivery.event)),
      ],
    );
    return inserted.length;
  }

  /**
   * Claims up to `limit` due deliveries, at most `perEndpoint` of each endpoint (so that one endpoint's backlog
   * cannot fill a batch and make the others wait for its timeouts). Their next attempt moves `leaseMs` ahead, so
   * that no other replica takes them meanwhile (SKIP LOCKED: replicas never wait for each other), and a worker
   * that dies mid-attempt only delays them by the lease.
   */
  async claimDue(limit: number, perEndpoint: number, leaseMs: number): Promise<ClaimedDelivery[]> {
    const [claimed] = await this.dataSource.query<[ClaimedDelivery[], number]>(
      `WITH candidates AS (
         SELECT id FROM (
           SELECT id, next_attempt_at,
                  row_number() OVER (PARTITION BY endpoint_id ORDER BY next_attempt_at) AS endpoint_rank
             FROM accounts.webhook_deliveries
            WHERE status = 'pending' AND next_attempt_at <= now()
         ) ranked
         WHERE endpoint_rank <= $2
         ORDER BY next_attempt_at
         LIMIT $1
       ), due AS (
         -- Read again under the row lock: another replica may have claimed a candidate meanwhile.
         SELECT id FROM accounts.webhook_deliveries
          WHERE id IN (SELECT id FROM candidates) AND status = 'pending' AND next_attempt_at <= now()
          FOR UPDATE SKIP LOCKED
       )
       UPDATE accounts.webhook_deliveries d
          SET next_attempt_at = now() + make_interval(secs => $3::double precision / 1000)
         FROM due, accounts.webhook_endpoints e
        WHERE d.id = due.id AND e.id = d.endpoint_id
       RETURNING d.id, d.endpoint_id AS "endpointId", d.event_id AS "eventId", d.body,
                 d.attempt_count AS "attemptCount", e.url, e.secret_encrypted AS "secretEncrypted"`,
      [limit, perEndpoint, leaseMs],
    );
    return claimed;
  }

  /**
   * Appends the attempt and settles or reschedules the delivery. Only if no one recorded an attempt since the
   * claim (`attempt_count` unchanged): a worker whose lease ran out does not overwrite the next one's result.
   */
  async recordAttempt(delivery: ClaimedDelivery, outcome: AttemptOutcome): Promise<void> {
    const status: WebhookDeliveryStatus = outcome.succeeded
      ? 'succeeded'
      : outcome.retryInMs === undefined
        ? 'failed'
        : 'pending';
    await this.dataSource.query(
      `UPDATE accounts.webhook_deliveries
          SET attempts = attempts || jsonb_build_array($3::jsonb),
              attempt_count = attempt_count + 1,
              status = $4,
              next_attempt_at = CASE WHEN $4 = 'pending'
                                     THEN now() + make_interval(secs => $5::double precision / 1000) END,
              updated_at = now()
        WHERE id = $1 AND attempt_count = $2`,
      [delivery.id, delivery.attemptCount, JSON.stringify(outcome.attempt), status, outcome.retryInMs ?? 0],
    );
  }

  /** An endpoint's deliveries, newest first, and how many match in all. */
  async list(
    request: ValidRequestOf<'accounts.webhook_delivery.list.v1'>,
  ): Promise<{ data: WebhookDeliveryView[]; totalCount: number }> {
    const params: unknown[] = [request.webhookId];
    let where = 'WHERE endpoint_id = $1';
    if (request.status) {
      params.push(request.status);
      where += ' AND status = $2';
    }
    const [rows, [{ count }]] = await Promise.all([
      this.dataSource.query<DeliveryRow[]>(
        `SELECT id, endpoint_id, event_id, event_type, status, attempts, next_attempt_at, created_at, updated_at
           FROM accounts.webhook_deliveries ${where}
          ORDER BY created_at DESC, id DESC
          LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
        [...params, request.limit, request.offset],
      ),
      this.dataSource.query<Array<{ count: number }>>(
        `SELECT count(*)::int AS count FROM accounts.webhook_deliveries ${where}`,
        params,
      ),
    ]);
    return { data: rows.map(toDeliveryView), totalCount: count };
  }
}

const toDeliveryView = (row: DeliveryRow): WebhookDeliveryView => ({
  id: row.id,
  webhookId: row.endpoint_id,
  eventId: row.event_id,
  eventType: row.event_type,
  status: row.status,
  attempts: row.attempts,
  nextAttemptAt: row.next_attempt_at?.getTime() ?? null,
  createdAt: row.created_at.getTime(),
  updatedAt: row.updated_at.getTime(),
});

/** A webhook endpoint as the fan-out needs it; its creation time in microseconds, as Postgres keeps it. */
interface Subscriber {
  id: string;
  event_types: string[];
  created_us: string;
}

/** Whether `endpoint` gets `event`: subscribed to its type (or to all), and registered before it occurred. */
function subscribes(endpoint: Subscriber, event: EventEnvelope): boolean {
  const typed = endpoint.event_types.includes(event.type) || endpoint.event_types.includes(WEBHOOK_ALL_EVENTS);
  return typed && BigInt(endpoint.created_us) <= BigInt(Date.parse(event.occurredAt)) * 1000n;
}

/** The time of the latest of `events`: no endpoint registered after it gets any of them. */
const latest = (events: EventEnvelope[]) =>
  new Date(Math.max(...events.map((event) => Date.parse(event.occurredAt)))).toISOString();
