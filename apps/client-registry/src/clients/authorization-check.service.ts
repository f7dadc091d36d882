import { Injectable } from '@nestjs/common';
import {
  DEFAULT_AUTHORIZATION_SCOPES,
  InvalidRequestError,
  InvalidScopeError,
  type AuthorizationCheck,
  type ClientView,
  type ValidRequestOf,
} from '@tessera/contracts';
import { findMatchingRedirectUri } from '../rules/redirect-uri.rules';
import { parseScope } from '../rules/scope.rules';
import { ClientDirectory } from './client-directory.service';

/**
 * The client checks of an authorization request, in the order RFC 6749 §4.1.2.1 needs them: first what makes
 * a redirect unsafe (unknown client → `invalid_client`, bad redirect_uri → `invalid_request`; neither may be
 * redirected), then the scope (`invalid_scope`, which may be sent to the now trusted redirect_uri).
 */
@Injectable()
export class AuthorizationCheckService {
  constructor(private readonly clients: ClientDirectory) {}

  async check({
    clientId,
    redirectUri,
    scope,
  }: ValidRequestOf<'registry.authorization.check.v1'>): Promise<AuthorizationCheck> {
    const client = await this.clients.require(clientId);
    return { client, redirectUri: resolveRedirectUri(client, redirectUri), scopes: resolveScopes(client, scope) };
  }
}

/**
 * RFC 6749 §3.1.2.3: with several registered redirect URIs the request must name one; with exactly one it may
 * be omitted. The requested URI is returned as sent, so a loopback client gets its own port back (RFC 8252 §7.3).
 */
function resolveRedirectUri(client: ClientView, requested: string | undefined): string {
  if (requested === undefined) {
    if (client.redirectUris.length === 1) return client.redirectUris[0];
    throw new InvalidRequestError(
      client.redirectUris.length === 0
        ? 'The client has no registered redirect URI'
        : "The 'redirect_uri' parameter is required because the client has several registered redirect URIs",
      { param: 'redirect_uri' },
    );
  }
  if (!findMatchingRedirectUri(client.redirectUris, requested)) {
    throw new InvalidRequestError(
      "The 'redirect_uri' parameter does not match any of the client's pre-registered redirect URIs",
      { param: 'redirect_uri' },
    );
  }
  return requested;
}

/**
 * The requested scopes, each of which the client must hold. Without a scope, Clerk's default `profile email`
 * applies (RFC 6749 §3.3), limited to what the client holds.
 */
function resolveScopes(client: ClientView, scope: string | undefined): string[] {
  const parsed = parseScope(scope ?? '');
  if ('problem' in parsed) {
    throw new InvalidScopeError(`The requested scope is malformed: ${parsed.problem}`, { param: 'scope' });
  }
  if (parsed.scopes.length === 0) {
    const defaults = DEFAULT_AUTHORIZATION_SCOPES.filter((candidate) => client.scopes.includes(candidate));
    if (defaults.length === 0) {
      throw new InvalidScopeError(
        'No scope was requested and the client may not hold the default scope "profile email"',
        { param: 'scope' },
      );
    }
    return defaults;
  }
  const refused = parsed.scopes.filter((requested) => !client.scopes.includes(requested));
  if (refused.length) {
    throw new InvalidScopeError(
      `The client is not allowed to request scope${refused.length > 1 ? 's' : ''} ${refused
        .map((name) => `'${name}'`)
        .join(', ')}`,
      { param: 'scope' },
    );
  }
  return parsed.scopes;
}
