import { Inject, Injectable } from '@nestjs/common';
import { ConsumerLifecycle, watchClientChanges, type RunningConsumer } from '@tessera/events';
import type { Logger } from '@tessera/logging';
import { NATS_CONNECTION } from '@tessera/nats';
import type { NatsConnection } from 'nats';
import { GATEWAY_LOGGER } from '../../gateway.logger';
import { AuthenticatedClients } from './authenticated-clients';

/** Forgets a client's remembered authentication when any replica changes its application (see AuthenticatedClients). */
@Injectable()
export class ClientChangeSubscription extends ConsumerLifecycle {
  constructor(
    @Inject(NATS_CONNECTION) private readonly connection: NatsConnection,
    private readonly authenticated: AuthenticatedClients,
    @Inject(GATEWAY_LOGGER) private readonly logger: Logger,
  ) {
    super();
  }

  protected startConsumer(): Promise<RunningConsumer> {
    return watchClientChanges({
      connection: this.connection,
      onChanged: (clientId) => this.authenticated.forget(clientId),
      logger: this.logger,
    });
  }
}
