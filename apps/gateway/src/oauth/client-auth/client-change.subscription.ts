import { Inject, Injectable } from '@nestjs/common';
import { ClientChangeListener } from '@tessera/events';
import type { Logger } from '@tessera/logging';
import { NATS_CONNECTION } from '@tessera/nats';
import type { NatsConnection } from 'nats';
import { GATEWAY_LOGGER } from '../../gateway.logger';
import { AuthenticatedClients } from './authenticated-clients';

/** Forgets a client's remembered authentication when any replica changes its application (see AuthenticatedClients). */
@Injectable()
export class ClientChangeSubscription extends ClientChangeListener {
  constructor(
    @Inject(NATS_CONNECTION) connection: NatsConnection,
    private readonly authenticated: AuthenticatedClients,
    @Inject(GATEWAY_LOGGER) logger: Logger,
  ) {
    super(connection, logger);
  }

  protected clientChanged(clientId: string): void {
    this.authenticated.forget(clientId);
  }
}
