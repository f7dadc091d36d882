import { Inject, Injectable } from '@nestjs/common';
import { EVENT_TYPES, eventCatalog, type EventEnvelope } from '@tessera/contracts';
import { WriteBatch } from '@tessera/database';
import { ConsumerLifecycle, startEventConsumer, type RunningConsumer } from '@tessera/events';
import type { Logger } from '@tessera/logging';
import { NATS_CONNECTION } from '@tessera/nats';
import type { NatsConnection } from 'nats';
import { ACCOUNTS_LOGGER } from '../accounts.logger';
import { AuditLogRepository } from '../audit-log/audit-log.repository';
import { WebhookDeliveriesRepository } from '../webhooks/webhook-deliveries.repository';
import { WebhookDeliveryWorker } from '../webhooks/webhook-delivery.worker';

export const CATALOG_EVENTS_CONSUMER = 'accounts-events';
/** The two durable consumers that did this one's work until it did both: one for the log, one for webhooks. */
export const REPLACED_CONSUMERS = ['accounts-audit-log', 'accounts-webhooks'] as const;

/** Every subject of the catalog: the audit log and webhooks take every event type Tessera publishes. */
const CATALOG_SUBJECTS = EVENT_TYPES.map((type) => eventCatalog[type].subject);

/**
 * Every event of the stream, once: its audit-log row, and one webhook delivery per subscribed endpoint. One
 * durable consumer shared by the replicas (each event goes to one of them), so an accounts outage only delays
 * both (the stream keeps 30 days), and one delivery and acknowledgement per event rather than one per use. The
 * events that have arrived are handled together (`handleBatch`): under load, one statement for several.
 *
 * The accounts service keeps the audit log because it already serves the admin API's data and owns a schema: no
 * new process to run. Deliveries are only enqueued here (the event is acknowledged once they are stored), so a
 * slow or failing receiver never holds the stream up; sending and retrying are the delivery worker's. Both writes
 * are idempotent (a redelivered event adds nothing): an event can come again after a crash between handling and
 * acknowledging.
 */
@Injectable()
export class CatalogEventsConsumer extends ConsumerLifecycle {
  constructor(
    @Inject(NATS_CONNECTION) private readonly connection: NatsConnection,
    private readonly auditLog: AuditLogRepository,
    private readonly deliveries: WebhookDeliveriesRepository,
    private readonly worker: WebhookDeliveryWorker,
    @Inject(ACCOUNTS_LOGGER) private readonly logger: Logger,
  ) {
    super();
  }

  protected startConsumer(): Promise<RunningConsumer> {
    return startEventConsumer({
      connection: this.connection,
      durableName: CATALOG_EVENTS_CONSUMER,
      filterSubjects: CATALOG_SUBJECTS,
      takesOverFrom: REPLACED_CONSUMERS,
      handleBatch: (events) => this.handle(events),
      logger: this.logger,
    });
  }

  /**
   * The events that wait, together: their log rows and the lookup of subscribed endpoints in one statement, their
   * deliveries, if any, in another.
   */
  private async handle(events: EventEnvelope[]): Promise<void> {
    const writes = new WriteBatch();
    await this.auditLog.record(writes, events);
    if ((await this.deliveries.enqueue(events, writes)) > 0) this.worker.kick();
  }
}
