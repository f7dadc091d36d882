import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { eventCatalog, type EventEnvelope } from '@tessera/contracts';
import { startEventConsumer, type RunningConsumer } from '@tessera/events';
import type { Logger } from '@tessera/logging';
import { NATS_CONNECTION } from '@tessera/nats';
import type { NatsConnection } from 'nats';
import { CascadingRevocation } from '../grants/cascading-revocation.service';
import { TOKEN_LOGGER } from '../token.logger';

/** The durable consumer's name: the token service's replicas share it, each event reaching one of them. */
export const DELETIONS_CONSUMER = 'token-deletions';

const USER_DELETED = eventCatalog['user.deleted'];
const APPLICATION_DELETED = eventCatalog['oauth_application.deleted'];

/**
 * Revokes every grant of a deleted user (`user.deleted`) or a deleted application (`oauth_application.deleted`),
 * announcing each with `oauth_token.revoked`. A durable consumer: a deletion that happened while the token
 * service was down is handled when it comes back. Idempotent, as JetStream may deliver an event again: a second
 * delivery finds no live grant, revokes nothing and publishes nothing. A failure (Postgres or Redis down) is
 * retried until it succeeds.
 */
@Injectable()
export class DeletionEventsConsumer implements OnApplicationBootstrap, OnModuleDestroy {
  private consumer?: RunningConsumer;

  constructor(
    @Inject(NATS_CONNECTION) private readonly connection: NatsConnection,
    private readonly cascades: CascadingRevocation,
    @Inject(TOKEN_LOGGER) private readonly logger: Logger,
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

  // Stopped before the shutdown hooks close the NATS connection and the database, so that an event being
  // handled finishes (or is left unacknowledged for redelivery) while both are still there.
  async onModuleDestroy(): Promise<void> {
    await this.consumer?.stop();
  }

  async handle(event: EventEnvelope): Promise<void> {
    if (event.type === 'user.deleted') {
      const payload = USER_DELETED.payload.safeParse(event.payload);
      if (payload.success) await this.cascades.forUser(payload.data.userId, event.actor);
      else this.dropMalformed(event);
    } else if (event.type === 'oauth_application.deleted') {
      const payload = APPLICATION_DELETED.payload.safeParse(event.payload);
      if (payload.success) await this.cascades.forApplication(payload.data.clientId, event.actor);
      else this.dropMalformed(event);
    }
  }

  /** A payload that does not match the catalog will not match on a retry either: acknowledged, not retried. */
  private dropMalformed(event: EventEnvelope): void {
    this.logger.error({ eventId: event.id, type: event.type }, 'deletion event with a malformed payload; ignored');
  }
}
