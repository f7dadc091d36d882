import { EVENT_TYPES, eventCatalog, type EventEnvelope } from '@tessera/contracts';
import { startEventConsumer, type RunningConsumer } from '@tessera/events';
import type { Logger } from '@tessera/logging';
import type { NatsConnection } from 'nats';

/** Every subject of the catalog: the audit log and webhooks take every event type Tessera publishes. */
export const CATALOG_SUBJECTS = EVENT_TYPES.map((type) => eventCatalog[type].subject);

/**
 * A durable consumer of every catalog event, shared by this service's replicas (each event goes to one of
 * them). `handle` must be idempotent: an event can come again after a crash between handling and acknowledging.
 */
export function startCatalogConsumer(
  connection: NatsConnection,
  durableName: string,
  handle: (event: EventEnvelope) => Promise<void>,
  logger: Logger,
): Promise<RunningConsumer> {
  return startEventConsumer({ connection, durableName, filterSubjects: CATALOG_SUBJECTS, handle, logger });
}
