import { Inject, Injectable } from '@nestjs/common';
import { InvalidClientError, type ClientView } from '@tessera/contracts';
import { DataSource } from 'typeorm';
import { toClientView } from '../applications/application-view';
import { ApplicationEntity } from '../applications/application.entity';
import { ClientCache, type CachedClient } from '../applications/client-cache';

/** Finds clients by client_id for the other services, through the short-lived lookup cache. */
@Injectable()
export class ClientDirectory {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(ClientCache) private readonly cache: ClientCache,
  ) {}

  /** The client, or `invalid_client` (param `client_id`) when no application has this client_id. */
  async require(clientId: string): Promise<ClientView> {
    const client = await this.find(clientId);
    if (!client) {
      throw new InvalidClientError('The client_id does not identify a registered client', { param: 'client_id' });
    }
    return client.view;
  }

  /** The client with its secret's hash, or undefined. Unknown ids are not cached: they always read the database. */
  async find(clientId: string): Promise<CachedClient | undefined> {
    const cached = this.cache.get(clientId);
    if (cached) return cached;
    const entity = await this.dataSource.getRepository(ApplicationEntity).findOneBy({ clientId });
    if (!entity) return undefined;
    const client = { view: toClientView(entity), secretHash: entity.secretHash };
    this.cache.set(client);
    return client;
  }
}
