import { Inject, Injectable } from '@nestjs/common';
import type { EventEnvelope } from '@tessera/contracts';
import { ConsumerLifecycle, startEventConsumer, type RunningConsumer } from '@tessera/events';
import type { Logger } from '@tessera/logging';
import { NATS_CONNECTION } from '@tessera/nats';
import type { NatsConnection } from 'nats';
import { USERINFO_CONFIG, type UserinfoConfig } from '../userinfo.config';
import { USERINFO_LOGGER } from '../userinfo.logger';
import { REVOKED, revocationOf } from './revocation-lifetime';
import { RevokedGrants } from './revoked-grants.store';

/**
 * Marks grants revoked as the token service announces it (`oauth_token.revoked`). One durable consumer for every
 * replica (the marks live in the shared Redis), so a replica that was down catches up from where the group
 * stopped. A mark is kept for as long as a JWT issued before the revocation can live (revocationOf),
 * so an event replayed long after needs no mark at all.
 */
@Injectable()
export class RevocationEventsConsumer extends ConsumerLifecycle {
  constructor(
    @Inject(NATS_CONNECTION) private readonly connection: NatsConnection,
    private readonly revoked: RevokedGrants,
    @Inject(USERINFO_CONFIG) private readonly config: UserinfoConfig,
    @Inject(USERINFO_LOGGER) private readonly logger: Logger,
  ) {
    super();
  }

  protected startConsumer(): Promise<RunningConsumer> {
    return startEventConsumer({
      connection: this.connection,
      durableName: 'userinfo-revoked-grants',
      filterSubjects: [REVOKED.subject],
      handle: (event) => this.handle(event),
      logger: this.logger,
    });
  }

  /** Idempotent: marking twice is marking once. */
  async handle(event: EventEnvelope): Promise<void> {
    const { grantId, mattersUntilMs } = revocationOf(event, this.config);
    const ttlSeconds = Math.ceil((mattersUntilMs - Date.now()) / 1000);
    if (ttlSeconds > 0) await this.revoked.mark(grantId, ttlSeconds);
  }
}
