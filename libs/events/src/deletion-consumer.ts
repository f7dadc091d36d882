import { eventCatalog, type EventActor, type EventEnvelope } from '@tessera/contracts';
import type { Logger } from '@tessera/logging';
import type { NatsConnection } from 'nats';
import { startEventConsumer, type RunningConsumer } from './event-consumer';

const USER_DELETED = eventCatalog['user.deleted'];
const APPLICATION_DELETED = eventCatalog['oauth_application.deleted'];

/** What a service forgets when a user or an application is deleted. Both must be idempotent. */
export interface DeletionCascade {
  forUser(userId: string, actor: EventActor): Promise<unknown>;
  forApplication(clientId: string, actor: EventActor): Promise<unknown>;
}

/**
 * A durable consumer of `user.deleted` and `oauth_application.deleted` that runs a service's cascade for each,
 * with the deletion's actor. Durable: a deletion that happened while the service was down is handled when it
 * comes back; a failure (its database down) is retried until it succeeds; a redelivery is harmless because the
 * cascade is idempotent. A payload that does not match the catalog will not match on a retry either: it is
 * logged and acknowledged.
 */
export function startDeletionConsumer(options: {
  connection: NatsConnection;
  /** Shared by the service's replicas, each event reaching one of them. */
  durableName: string;
  cascade: DeletionCascade;
  logger: Logger;
}): Promise<RunningConsumer> {
  const { cascade, logger } = options;
  const dropMalformed = (event: EventEnvelope) =>
    logger.error({ eventId: event.id, type: event.type }, 'deletion event with a malformed payload; ignored');
  return startEventConsumer({
    connection: options.connection,
    durableName: options.durableName,
    filterSubjects: [USER_DELETED.subject, APPLICATION_DELETED.subject],
    logger,
    handle: async (event) => {
      if (event.type === 'user.deleted') {
        const payload = USER_DELETED.payload.safeParse(event.payload);
        if (payload.success) await cascade.forUser(payload.data.userId, event.actor);
        else dropMalformed(event);
      } else if (event.type === 'oauth_application.deleted') {
        const payload = APPLICATION_DELETED.payload.safeParse(event.payload);
        if (payload.success) await cascade.forApplication(payload.data.clientId, event.actor);
        else dropMalformed(event);
      }
    },
  });
}
