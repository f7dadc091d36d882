import { Inject, Injectable } from '@nestjs/common';
import { ClientChangeListener } from '@tessera/events';
import type { Logger } from '@tessera/logging';
import { NATS_CONNECTION } from '@tessera/nats';
import type { NatsConnection } from 'nats';
import { REGISTRY_LOGGER } from '../registry.logger';
import { ClientCache } from './client-cache';

/**
 * Drops an application's client from this replica's lookup cache when any replica changed it (the replica that
 * made the change also drops it at once, without waiting for the event). See watchClientChanges for why every
 * replica sees every change.
 */
@Injectable()
export class ClientCacheInvalidation extends ClientChangeListener {
  constructor(
    @Inject(NATS_CONNECTION) connection: NatsConnection,
    @Inject(ClientCache) private readonly cache: ClientCache,
    @Inject(REGISTRY_LOGGER) logger: Logger,
  ) {
    super(connection, logger);
  }

  protected clientChanged(clientId: string): void {
    this.cache.invalidate(clientId);
  }
}
