import { Injectable } from '@nestjs/common';
import { InvalidClientError, REGISTRY_CLIENT_AUTHENTICATE, type ClientView } from '@tessera/contracts';
import { RpcClient } from '@tessera/nats';
import type { FastifyRequest } from 'fastify';
import { AuthenticatedClients } from './authenticated-clients';
import { extractClientCredentials } from './client-credentials';

/** Longest client_id / client_secret the registry accepts (its contract); longer ones cannot be valid. */
const MAX_CLIENT_ID = 256;
const MAX_CLIENT_SECRET = 512;

/**
 * Authenticates the client of a token, revocation or introspection request: reads exactly one set of
 * credentials from the request (see extractClientCredentials) and asks the client registry to check them, unless
 * the same credentials succeeded moments ago (see AuthenticatedClients).
 * Every failure is `invalid_client` (401; the exception filter adds `WWW-Authenticate: Basic`), except a request
 * that uses two methods at once, which is `invalid_request`.
 */
@Injectable()
export class ClientAuthenticator {
  constructor(
    private readonly rpc: RpcClient,
    private readonly authenticated: AuthenticatedClients,
  ) {}

  async authenticate(request: FastifyRequest, body: Record<string, unknown>): Promise<ClientView> {
    const credentials = extractClientCredentials(request.headers.authorization, body ?? {});
    if (credentials.clientId.length > MAX_CLIENT_ID || (credentials.clientSecret?.length ?? 0) > MAX_CLIENT_SECRET) {
      throw new InvalidClientError('Client authentication failed');
    }
    const remembered = this.authenticated.recall(credentials);
    if (remembered) return remembered;
    const client = await this.rpc.send(REGISTRY_CLIENT_AUTHENTICATE, credentials);
    this.authenticated.remember(credentials, client);
    return client;
  }
}
