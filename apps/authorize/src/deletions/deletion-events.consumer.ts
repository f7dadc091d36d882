import { Inject, Injectable } from '@nestjs/common';
import { ConsumerLifecycle, startDeletionConsumer, type RunningConsumer } from '@tessera/events';
import type { Logger } from '@tessera/logging';
import { NATS_CONNECTION } from '@tessera/nats';
import type { NatsConnection } from 'nats';
import { AUTHORIZE_LOGGER } from '../authorize.logger';
import { DeletionCascade } from './deletion-cascade.service';

/** The durable consumer's name: the authorize service's replicas share it, each event reaching one of them. */
export const DELETIONS_CONSUMER = 'authorize-deletions';

/**
 * Forgets what a deletion leaves behind (`user.deleted`: the user's consents and sessions;
 * `oauth_application.deleted`: the application's consents), through libs/events' deletion consumer.
 */
@Injectable()
export class DeletionEventsConsumer extends ConsumerLifecycle {
  constructor(
    @Inject(NATS_CONNECTION) private readonly connection: NatsConnection,
    private readonly cascade: DeletionCascade,
    @Inject(AUTHORIZE_LOGGER) private readonly logger: Logger,
  ) {
    super();
  }

  protected startConsumer(): Promise<RunningConsumer> {
    const { connection, cascade, logger } = this;
    return startDeletionConsumer({ connection, durableName: DELETIONS_CONSUMER, cascade, logger });
  }
}
