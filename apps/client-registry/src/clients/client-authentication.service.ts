import { Injectable } from '@nestjs/common';
import { InvalidClientError, type ClientView, type ValidRequestOf } from '@tessera/contracts';
import { DataSource } from 'typeorm';
import { toClientView } from '../applications/application-view';
import { ApplicationEntity } from '../applications/application.entity';
import { clientSecretMatches } from '../applications/client-secret';

/**
 * Checks the credentials the gateway found on a request (RFC 6749 §2.3.1). Public clients authenticate with
 * `none` (client_id alone); confidential ones with their secret, by Basic or in the body — the two are
 * interchangeable, as at Clerk. Reads the database every time (no cache), so a rotated secret or a deleted
 * client stops working at once. Every failure is the same `invalid_client`, which says nothing about whether
 * the client exists.
 */
@Injectable()
export class ClientAuthenticationService {
  constructor(private readonly dataSource: DataSource) {}

  async authenticate({
    method,
    clientId,
    clientSecret,
  }: ValidRequestOf<'registry.client.authenticate.v1'>): Promise<ClientView> {
    const entity = await this.dataSource.getRepository(ApplicationEntity).findOneBy({ clientId });
    const secretOk = clientSecretMatches(clientSecret, entity?.secretHash ?? null);
    if (!entity) throw failed();
    if (entity.public) {
      // A public client has no secret; one that presents something it cannot have is not authenticated.
      if (method !== 'none' || clientSecret !== undefined) throw failed();
    } else if (method === 'none' || !secretOk) {
      throw failed();
    }
    return toClientView(entity);
  }
}

function failed(): InvalidClientError {
  return new InvalidClientError('Client authentication failed');
}
