import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { KickedLoop } from '@tessera/events';
import type { Logger } from '@tessera/logging';
import { ACCOUNTS_CONFIG, type AccountsConfig } from '../accounts.config';
import { ACCOUNTS_LOGGER } from '../accounts.logger';
import { WebhookDeliveriesRepository, type ClaimedDelivery } from './webhook-deliveries.repository';
import { WebhookEndpointsService } from './webhook-endpoints.service';
import { retryDelayMs } from './webhook-retry';
import { sendWebhook, WEBHOOK_TIMEOUT_MS } from './webhook-sender';

/** Deliveries attempted at once by one replica, and at most this many of one endpoint among them. */
const BATCH_SIZE = 32;
const PER_ENDPOINT = 4;
/** A claimed delivery is this replica's for this long: well over one attempt, short enough to recover a crash. */
const LEASE_MS = WEBHOOK_TIMEOUT_MS * 6;
/** How often the worker looks for due retries when nothing new was enqueued. */
const POLL_INTERVAL_MS = 1000;

/**
 * Sends the due webhook deliveries, in every replica (they share the queue through SKIP LOCKED claims). A
 * failed attempt is retried with exponential backoff on its own schedule, up to WEBHOOK_MAX_ATTEMPTS, then the
 * delivery is recorded as failed. Each batch's attempts run concurrently and take few of any one endpoint, so
 * a slow receiver costs the others at most one timeout per batch.
 */
@Injectable()
export class WebhookDeliveryWorker implements OnApplicationBootstrap, OnModuleDestroy {
  private failures = 0;
  private readonly loop = new KickedLoop(
    () => this.tick(),
    (kicked) => (kicked ? 0 : POLL_INTERVAL_MS),
  );

  constructor(
    private readonly deliveries: WebhookDeliveriesRepository,
    private readonly endpoints: WebhookEndpointsService,
    @Inject(ACCOUNTS_CONFIG) private readonly config: AccountsConfig,
    @Inject(ACCOUNTS_LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  /** New deliveries were enqueued: look now rather than at the next poll. */
  kick(): void {
    this.loop.kick();
  }

  onModuleDestroy(): Promise<void> {
    return this.loop.stop();
  }

  private async tick(): Promise<void> {
    try {
      // Until nothing is due: attempted deliveries are settled or rescheduled, so each round claims new ones.
      for (;;) {
        const batch = await this.deliveries.claimDue(BATCH_SIZE, PER_ENDPOINT, LEASE_MS);
        if (batch.length === 0 || this.loop.isStopped) break;
        await Promise.all(batch.map((delivery) => this.attempt(delivery)));
      }
      this.failures = 0;
    } catch (error) {
      this.failures += 1;
      if (this.failures === 1 || this.failures % 60 === 0) {
        this.logger.warn({ err: error, failures: this.failures }, 'webhook delivery worker could not run; will retry');
      }
    }
  }

  private async attempt(delivery: ClaimedDelivery): Promise<void> {
    const result = await this.send(delivery);
    const failures = delivery.attemptCount + 1;
    const lastAttempt = failures >= this.config.WEBHOOK_MAX_ATTEMPTS;
    const retryInMs =
      result.succeeded || lastAttempt ? undefined : retryDelayMs(failures, this.config.WEBHOOK_RETRY_BASE_MS);
    await this.deliveries.recordAttempt(delivery, { ...result, retryInMs });
    if (!result.succeeded && lastAttempt) {
      this.logger.warn(
        {
          deliveryId: delivery.id,
          webhookId: delivery.endpointId,
          eventId: delivery.eventId,
          attempts: failures,
          statusCode: result.attempt.statusCode,
          error: result.attempt.error,
        },
        'webhook delivery failed; no more attempts',
      );
    }
  }

  private async send(delivery: ClaimedDelivery) {
    let secret: string;
    try {
      secret = this.endpoints.revealSecret(delivery.endpointId, delivery.secretEncrypted);
    } catch {
      // WEBHOOK_SECRET_ENCRYPTION_KEY is not the key the secret was stored with: nothing can be signed.
      const attempt = { attemptedAt: Date.now(), statusCode: null, error: 'secret_unreadable', durationMs: 0 };
      return { succeeded: false, attempt };
    }
    return sendWebhook({ url: delivery.url, secret, messageId: delivery.eventId, body: delivery.body });
  }
}
