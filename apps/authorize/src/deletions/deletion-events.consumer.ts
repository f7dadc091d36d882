import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { eventCatalog, type EventEnvelope } from '@tessera/contracts';
import { startEventConsumer, type RunningConsumer } from '@tessera/events';
import type { Logger } from '@tessera/logging';
import { NATS_CONNECTION } from '@tessera/nats';
import type { NatsConnection } from 'nats';
import { AUTHORIZE_LOGGER } from '../authorize.logger';
import { DeletionCascade } from './deletion-cascade.service';

/** The durable consumer's name: the authorize service's replicas share it, each event reaching one of them. */
export const DELETIONS_CONSUMER = 'authorize-deletions';

const USER_DELETED = eventCatalog['user.deleted'];
const APPLICATION_DELETED = eventCatalog['oauth_application.deleted'];

/**
 * Forgets what a deletion leaves behind (`user.deleted`: the user's consents and sessions;
 * `oauth_application.deleted`: the application's consents). A durable consumer: a deletion that happened while
 * the authorize service was down is handled when it comes back. JetStream may deliver an event again, which is
 * harmless (DeletionCascade is idempotent). A failure (Postgres or Redis down) is retried until it succeeds.
 */
@Injectable()
export class DeletionEventsConsumer implements OnApplicationBootstrap, OnModuleDestroy {
  private consumer?: RunningConsumer;

  constructor(
    @Inject(NATS_CONNECTION) private readonly connection: NatsConnection,
    private readonly cascade: DeletionCascade,
    @Inject(AUTHORIZE_LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.consumer = await startEventConsumer({
      connection: this.connection,
      durableName: DELETIONS_CONSUMER,
      filterSubjects: [USER_DELETED.subject, APPLICATION_DELETED.subject],
      handle: (event) => this.handle(event),
      logger: this.logger,
    });
  }

  // Stopped before the shutdown hooks close the NATS connection, the database and Redis, so that an event being
  // handled finishes (or is left unacknowledged for redelivery) while they are still there.
  async onModuleDestroy(): Promise<void> {
    await this.consumer?.stop();
  }

  async handle(event: EventEnvelope): Promise<void> {
    if (event.type === 'user.deleted') {
      const payload = USER_DELETED.payload.safeParse(event.payload);
      if (payload.success) await this.cascade.forUser(payload.data.userId, event.actor);
      else this.dropMalformed(event);
    } else if (event.type === 'oauth_application.deleted') {
      const payload = APPLICATION_DELETED.payload.safeParse(event.payload);
      if (payload.success) await this.cascade.forApplication(payload.data.clientId, event.actor);
      else this.dropMalformed(event);
    }
  }

  /** A payload that does not match the catalog will not match on a retry either: acknowledged, not retried. */
  private dropMalformed(event: EventEnvelope): void {
    this.logger.error({ eventId: event.id, type: event.type }, 'deletion event with a malformed payload; ignored');
  }
}
