import { Inject, Injectable } from '@nestjs/common';
import type { EventEnvelope } from '@tessera/contracts';
import { ConsumerLifecycle, EVENT_RETENTION_DAYS, followEvents, type RunningConsumer } from '@tessera/events';
import type { Logger } from '@tessera/logging';
import { NATS_CONNECTION } from '@tessera/nats';
import type { NatsConnection } from 'nats';
import { USERINFO_CONFIG, type UserinfoConfig } from '../userinfo.config';
import { USERINFO_LOGGER } from '../userinfo.logger';
import { REVOKED, revocationOf, revocationWindowMs } from './revocation-lifetime';
import { RevokedGrantsMemory } from './revoked-grants.memory';

const RETENTION_MS = EVENT_RETENTION_DAYS * 24 * 60 * 60 * 1000;
/** The replay starts this much earlier, for clocks that disagree between this host, NATS and the publisher. */
const REPLAY_MARGIN_MS = 60_000;

/**
 * Keeps this process's RevokedGrantsMemory: every `oauth_token.revoked` announced within an access-token lifetime
 * (and the JWT leeway) before the process started, then each new one as it is announced, as the durable consumer
 * that writes the Redis marks sees them (RevocationEventsConsumer). A revocation is remembered for as long as its
 * Redis mark lives (revocationOf).
 *
 * When that lifetime is longer than the stream keeps events, the replay could not be complete, so the memory is
 * not kept and Redis answers every check.
 */
@Injectable()
export class RevokedGrantsListener extends ConsumerLifecycle {
  private readonly windowMs: number;

  constructor(
    @Inject(NATS_CONNECTION) private readonly connection: NatsConnection,
    private readonly memory: RevokedGrantsMemory,
    @Inject(USERINFO_CONFIG) private readonly config: UserinfoConfig,
    @Inject(USERINFO_LOGGER) private readonly logger: Logger,
  ) {
    super();
    this.windowMs = revocationWindowMs(config);
  }

  protected async startConsumer(): Promise<RunningConsumer> {
    if (this.windowMs + REPLAY_MARGIN_MS >= RETENTION_MS) {
      this.logger.info(
        { retentionDays: EVENT_RETENTION_DAYS },
        'revocations are checked in Redis only: access tokens outlive the event stream’s retention',
      );
      return { stop: async () => undefined };
    }
    const { memory } = this;
    return followEvents({
      connection: this.connection,
      filterSubject: REVOKED.subject,
      since: new Date(Date.now() - this.windowMs - REPLAY_MARGIN_MS),
      onEvent: (event) => this.remember(event),
      onCaughtUp: (asOfMs) => {
        memory.confirmCaughtUp(asOfMs);
        memory.forgetExpired();
      },
      onInterrupted: () => memory.interrupted(),
      logger: this.logger,
    });
  }

  private remember(event: EventEnvelope): void {
    const { grantId, mattersUntilMs } = revocationOf(event, this.config);
    this.memory.remember(grantId, mattersUntilMs);
  }
}
