import { z } from 'zod';
import { requestContract } from '../contract';
import { clientViewSchema } from '../registry/client.contract';

/**
 * What the token service needs to know of the client the gateway has just authenticated: the client is trusted
 * as the gateway hands it over (the registry checked the credentials), so no second lookup is needed.
 */
export const exchangeClientSchema = clientViewSchema.pick({
  clientId: true,
  public: true,
  pkceRequired: true,
  scopes: true,
  accessTokenFormat: true,
});
export type ExchangeClient = z.infer<typeof exchangeClientSchema>;

export const authorizationCodeGrantSchema = z
  .object({
    grantType: z.literal('authorization_code'),
    code: z.string().min(1).max(512),
    /** RFC 6749 §4.1.3: required, and identical to the redirect_uri of the authorization request. */
    redirectUri: z.string().min(1).max(2048),
    /** RFC 7636 §4.5; its format is checked by the token service (RFC 7636 §4.1). */
    codeVerifier: z.string().min(1).max(512).optional(),
  })
  .strict();

export const refreshTokenGrantSchema = z
  .object({
    grantType: z.literal('refresh_token'),
    refreshToken: z.string().min(1).max(512),
    /** RFC 6749 §6: may narrow the granted scope, never widen it. Omitted means the scope originally granted. */
    scopes: z.array(z.string().min(1).max(256)).max(100).optional(),
  })
  .strict();

/** The /oauth/token request after the gateway has authenticated the client (RFC 6749 §4.1.3 and §6). */
export const exchangeGrantRequest = z
  .object({
    client: exchangeClientSchema,
    grant: z.discriminatedUnion('grantType', [authorizationCodeGrantSchema, refreshTokenGrantSchema]),
  })
  .strict();
export type ExchangeGrantRequest = z.infer<typeof exchangeGrantRequest>;

/** RFC 6749 §5.1 in camelCase; the gateway renders it in snake_case. */
export const tokenResponseSchema = z.object({
  accessToken: z.string(),
  tokenType: z.literal('Bearer'),
  expiresIn: z.number().int(),
  /** Space-delimited, as on the wire. */
  scope: z.string(),
  refreshToken: z.string().optional(),
  idToken: z.string().optional(),
});
export type TokenResponse = z.infer<typeof tokenResponseSchema>;

export const exchangeGrantContract = requestContract(exchangeGrantRequest, tokenResponseSchema);
