import type { RegisteredClient } from '@tessera/contracts';

/**
 * The client information response (RFC 7591 §3.2.1): the credentials, when they were issued, and every
 * registered metadata value — including those the server chose (scope, grant_types, the name).
 * `client_secret_expires_at` is 0 (never) and, like the secret, only present for confidential clients.
 */
export function presentRegisteredClient(registered: RegisteredClient): Record<string, unknown> {
  const { client } = registered;
  return {
    client_id: client.clientId,
    ...(registered.clientSecret !== undefined
      ? { client_secret: registered.clientSecret, client_secret_expires_at: 0 }
      : {}),
    client_id_issued_at: registered.clientIdIssuedAt,
    client_name: client.name,
    ...(client.clientUri !== null ? { client_uri: client.clientUri } : {}),
    ...(client.logoUri !== null ? { logo_uri: client.logoUri } : {}),
    redirect_uris: client.redirectUris,
    grant_types: registered.grantTypes,
    response_types: registered.responseTypes,
    scope: client.scopes.join(' '),
    token_endpoint_auth_method: registered.tokenEndpointAuthMethod,
  };
}
