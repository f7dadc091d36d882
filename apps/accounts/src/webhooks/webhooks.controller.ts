import { Controller } from '@nestjs/common';
import {
  ACCOUNTS_WEBHOOK_CREATE,
  ACCOUNTS_WEBHOOK_DELETE,
  ACCOUNTS_WEBHOOK_DELIVERY_LIST,
  ACCOUNTS_WEBHOOK_GET,
  ACCOUNTS_WEBHOOK_LIST,
  type ValidRequestOf,
} from '@tessera/contracts';
import { Handles } from '@tessera/nats';
import { WebhookDeliveriesRepository } from './webhook-deliveries.repository';
import { WebhookEndpointsService } from './webhook-endpoints.service';

/** The admin API's webhooks (/v1/webhooks), over NATS. */
@Controller()
export class WebhooksController {
  constructor(
    private readonly endpoints: WebhookEndpointsService,
    private readonly deliveries: WebhookDeliveriesRepository,
  ) {}

  @Handles(ACCOUNTS_WEBHOOK_CREATE)
  create(request: ValidRequestOf<typeof ACCOUNTS_WEBHOOK_CREATE>) {
    return this.endpoints.create(request);
  }

  @Handles(ACCOUNTS_WEBHOOK_LIST)
  list(request: ValidRequestOf<typeof ACCOUNTS_WEBHOOK_LIST>) {
    return this.endpoints.list(request);
  }

  @Handles(ACCOUNTS_WEBHOOK_GET)
  get(request: ValidRequestOf<typeof ACCOUNTS_WEBHOOK_GET>) {
    return this.endpoints.get(request.webhookId);
  }

  @Handles(ACCOUNTS_WEBHOOK_DELETE)
  delete(request: ValidRequestOf<typeof ACCOUNTS_WEBHOOK_DELETE>) {
    return this.endpoints.delete(request.webhookId);
  }

  /** Answers `resource_not_found` for an unknown endpoint rather than an empty list. */
  @Handles(ACCOUNTS_WEBHOOK_DELIVERY_LIST)
  async deliveriesOf(request: ValidRequestOf<typeof ACCOUNTS_WEBHOOK_DELIVERY_LIST>) {
    await this.endpoints.get(request.webhookId);
    return this.deliveries.list(request);
  }
}
