import { Injectable } from '@nestjs/common';
import { InvalidClientError, type ClientView, type ValidRequestOf } from '@tessera/contracts';
import { clientSecretMatches } from '../applications/client-secret';
import { ClientDirectory } from './client-directory.service';

/**
 * Checks the credentials the gateway found on a request (RFC 6749 §2.3.1). Public clients authenticate with
 * `none` (client_id alone); confidential ones with their secret, by Basic or in the body — the two are
 * interchangeable, as at Clerk. The client comes from the lookup cache (see ClientCache for how soon a rotated
 * secret or a deleted client stops working on every replica). Every failure is the same `invalid_client`, which
 * says nothing about whether the client exists.
 */
@Injectable()
export class ClientAuthenticationService {
  constructor(private readonly directory: ClientDirectory) {}

  async authenticate({
    method,
    clientId,
    clientSecret,
  }: ValidRequestOf<'registry.client.authenticate.v1'>): Promise<ClientView> {
    const client = await this.directory.find(clientId);
    const secretOk = clientSecretMatches(clientSecret, client?.secretHash ?? null);
    if (!client) throw failed();
    if (client.view.public) {
      // A public client has no secret; one that presents something it cannot have is not authenticated.
      if (method !== 'none' || clientSecret !== undefined) throw failed();
    } else if (method === 'none' || !secretOk) {
      throw failed();
    }
    return client.view;
  }
}

function failed(): InvalidClientError {
  return new InvalidClientError('Client authentication failed');
}
