import { Inject, Injectable } from '@nestjs/common';
import { ClientChangeListener } from '@tessera/events';
import type { Logger } from '@tessera/logging';
import { NATS_CONNECTION } from '@tessera/nats';
import type { NatsConnection } from 'nats';
import { AUTHORIZE_LOGGER } from '../authorize.logger';
import { RememberedChecks } from './remembered-checks';

/** Forgets the registry's answers about a client when any replica changes its application (see RememberedChecks). */
@Injectable()
export class ClientChangeSubscription extends ClientChangeListener {
  constructor(
    @Inject(NATS_CONNECTION) connection: NatsConnection,
    private readonly remembered: RememberedChecks,
    @Inject(AUTHORIZE_LOGGER) logger: Logger,
  ) {
    super(connection, logger);
  }

  protected clientChanged(clientId: string): void {
    this.remembered.forget(clientId);
  }
}
