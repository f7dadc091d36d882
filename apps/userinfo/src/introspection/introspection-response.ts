import type { ActiveIntrospection, ActiveToken } from '@tessera/contracts';

/**
 * RFC 7662 §2.2 members of an active token: Clerk's `client_id`, `iat`, `scope`, `sub` and `org_id`, and the
 * `exp`, `iss`, `aud`, `token_type` and `jti` Clerk leaves out. `token_type` is RFC 6749 §5.1's type of an access
 * token (`Bearer`); a refresh token is not one, so it has none — a resource server that checks
 * `token_type == "Bearer"` cannot be fooled into accepting a refresh token.
 */
export function introspectionOf(token: ActiveToken): ActiveIntrospection {
  const accessToken = token.tokenType === 'access_token';
  const audience = token.audience.length === 1 ? token.audience[0] : token.audience;
  return {
    active: true,
    client_id: token.clientId,
    scope: token.scopes.join(' '),
    sub: token.userId,
    iat: token.issuedAt,
    exp: token.expiresAt,
    iss: token.issuer,
    ...(accessToken ? { token_type: 'Bearer' as const } : {}),
    ...(accessToken && token.audience.length ? { aud: audience } : {}),
    ...(token.jti !== undefined ? { jti: token.jti } : {}),
    ...(token.organizationId ? { org_id: token.organizationId } : {}),
  };
}
