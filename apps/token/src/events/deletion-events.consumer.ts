import { Inject, Injectable } from '@nestjs/common';
import { ConsumerLifecycle, startDeletionConsumer, type RunningConsumer } from '@tessera/events';
import type { Logger } from '@tessera/logging';
import { NATS_CONNECTION } from '@tessera/nats';
import type { NatsConnection } from 'nats';
import { CascadingRevocation } from '../grants/cascading-revocation.service';
import { TOKEN_LOGGER } from '../token.logger';

/** The durable consumer's name: the token service's replicas share it, each event reaching one of them. */
export const DELETIONS_CONSUMER = 'token-deletions';

/**
 * Revokes every grant of a deleted user (`user.deleted`) or a deleted application (`oauth_application.deleted`),
 * announcing each with `oauth_token.revoked`, through libs/events' deletion consumer. A second delivery finds no
 * live grant, revokes nothing and publishes nothing.
 */
@Injectable()
export class DeletionEventsConsumer extends ConsumerLifecycle {
  constructor(
    @Inject(NATS_CONNECTION) private readonly connection: NatsConnection,
    private readonly cascade: CascadingRevocation,
    @Inject(TOKEN_LOGGER) private readonly logger: Logger,
  ) {
    super();
  }

  protected startConsumer(): Promise<RunningConsumer> {
    const { connection, cascade, logger } = this;
    return startDeletionConsumer({ connection, durableName: DELETIONS_CONSUMER, cascade, logger });
  }
}
