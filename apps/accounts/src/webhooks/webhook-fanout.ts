import { Inject, Injectable } from '@nestjs/common';
import { ConsumerLifecycle, type RunningConsumer } from '@tessera/events';
import type { Logger } from '@tessera/logging';
import { NATS_CONNECTION } from '@tessera/nats';
import type { NatsConnection } from 'nats';
import { ACCOUNTS_LOGGER } from '../accounts.logger';
import { startCatalogConsumer } from '../events/catalog-consumer';
import { WebhookDeliveriesRepository } from './webhook-deliveries.repository';
import { WebhookDeliveryWorker } from './webhook-delivery.worker';

export const WEBHOOKS_CONSUMER = 'accounts-webhooks';

/**
 * Turns each event of the stream into one delivery per subscribed endpoint. The durable consumer only enqueues
 * (and is acknowledged once the deliveries are stored), so a slow or failing receiver never holds the stream
 * up; sending and retrying are the delivery worker's, per delivery.
 */
@Injectable()
export class WebhookFanout extends ConsumerLifecycle {
  constructor(
    @Inject(NATS_CONNECTION) private readonly connection: NatsConnection,
    private readonly deliveries: WebhookDeliveriesRepository,
    private readonly worker: WebhookDeliveryWorker,
    @Inject(ACCOUNTS_LOGGER) private readonly logger: Logger,
  ) {
    super();
  }

  protected startConsumer(): Promise<RunningConsumer> {
    return startCatalogConsumer(
      this.connection,
      WEBHOOKS_CONSUMER,
      async (event) => {
        if ((await this.deliveries.enqueue(event)) > 0) this.worker.kick();
      },
      this.logger,
    );
  }
}
