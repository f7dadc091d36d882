import {
  InvalidRequestError,
  UnsupportedGrantTypeError,
  type ClientView,
  type ExchangeGrantRequest,
} from '@tessera/contracts';
import { z } from 'zod';

/**
 * The /oauth/token form (RFC 6749 §4.1.3 and §6). Client credentials (client_id, client_secret) are read by the
 * ClientAuthenticator; unknown parameters are ignored (RFC 6749 §3.2). Lengths are generous bounds, not rules.
 */
export const tokenParamsSchema = z
  .object({
    grant_type: z.string().max(256),
    code: z.string().max(512).optional(),
    redirect_uri: z.string().max(2048).optional(),
    code_verifier: z.string().max(512).optional(),
    refresh_token: z.string().max(512).optional(),
    scope: z.string().max(2048).optional(),
  })
  .passthrough();
export type TokenParams = z.output<typeof tokenParamsSchema>;

/** The grant of a token request, per grant type; an unknown grant type is `unsupported_grant_type`. */
export function toExchangeGrant(params: TokenParams): ExchangeGrantRequest['grant'] {
  switch (params.grant_type) {
    case 'authorization_code':
      return {
        grantType: 'authorization_code',
        code: required(params.code, 'code'),
        redirectUri: required(params.redirect_uri, 'redirect_uri'),
        ...(params.code_verifier !== undefined ? { codeVerifier: params.code_verifier } : {}),
      };
    case 'refresh_token': {
      // RFC 6749 §3.3: space-delimited scope tokens.
      const scopes = params.scope?.split(' ').filter(Boolean);
      return {
        grantType: 'refresh_token',
        refreshToken: required(params.refresh_token, 'refresh_token'),
        ...(scopes?.length ? { scopes } : {}),
      };
    }
    default:
      throw new UnsupportedGrantTypeError(`The grant type "${params.grant_type}" is not supported`, {
        param: 'grant_type',
      });
  }
}

/** What the token service needs of the authenticated client. */
export const exchangeClientOf = (client: ClientView) => ({
  clientId: client.clientId,
  public: client.public,
  pkceRequired: client.pkceRequired,
  scopes: client.scopes,
  accessTokenFormat: client.accessTokenFormat,
});

function required(value: string | undefined, name: string): string {
  if (value === undefined) throw new InvalidRequestError(`The "${name}" parameter is required`, { param: name });
  return value;
}
