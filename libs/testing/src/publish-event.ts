import { ADMIN_ACTOR, eventCatalog, type EventActor, type EventEnvelope, type EventType } from '@tessera/contracts';
import { randomUUID } from 'node:crypto';
import type { NatsConnection } from 'nats';

const encoder = new TextEncoder();

/**
 * Publishes another service's event the way its outbox relay does: on the type's subject, with its id as the
 * JetStream msgID. The payload is not checked, so that tests can send malformed ones too. `occurredAt` (default:
 * now) backdates an event, as a consumer catching up after an outage sees it.
 */
export async function publishEvent(
  connection: NatsConnection,
  event: {
    type: EventType;
    aggregateId: string;
    payload: Record<string, unknown>;
    actor?: EventActor;
    occurredAt?: Date;
  },
): Promise<EventEnvelope> {
  const envelope = {
    id: randomUUID(),
    type: event.type,
    occurredAt: (event.occurredAt ?? new Date()).toISOString(),
    actor: event.actor ?? ADMIN_ACTOR,
    aggregateId: event.aggregateId,
    payload: event.payload,
  };
  await connection
    .jetstream()
    .publish(eventCatalog[event.type].subject, encoder.encode(JSON.stringify(envelope)), { msgID: envelope.id });
  return envelope as EventEnvelope;
}
