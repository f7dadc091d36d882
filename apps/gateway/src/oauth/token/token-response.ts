import type { TokenResponse } from '@tessera/contracts';

/** RFC 6749 §5.1 on the wire: snake_case, and only the members the response has. */
export function presentTokenResponse(response: TokenResponse): Record<string, string | number> {
  return {
    access_token: response.accessToken,
    token_type: response.tokenType,
    expires_in: response.expiresIn,
    scope: response.scope,
    ...(response.refreshToken !== undefined ? { refresh_token: response.refreshToken } : {}),
    ...(response.idToken !== undefined ? { id_token: response.idToken } : {}),
  };
}
