import { z } from 'zod';
import { requestContract } from '../contract';

/**
 * Token introspection for the userinfo service (/oauth/userinfo and /oauth/token_info, RFC 7662): any token
 * Tessera issued — opaque access token, JWT access token, refresh token — is checked for signature or storage,
 * expiry and revocation of its grant. The caller decides what a client may see (token_info answers
 * `{active:false}` for another client's token); this subject does not authenticate clients.
 */
export const introspectTokenRequest = z
  .object({
    token: z.string().min(1).max(8192),
    tokenTypeHint: z.string().max(64).optional(),
  })
  .strict();

export const activeTokenSchema = z.object({
  active: z.literal(true),
  tokenType: z.enum(['access_token', 'refresh_token']),
  /** `jwt` and `opaque` are access tokens; refresh tokens are always opaque (`ort_…`). */
  format: z.enum(['jwt', 'opaque', 'refresh']),
  grantId: z.string(),
  clientId: z.string(),
  /** The user id: the `sub` of every token of the grant. */
  userId: z.string(),
  scopes: z.array(z.string()),
  /** Bound when `user:org:read` was granted and the user picked an organization. */
  organizationId: z.string().nullable(),
  /** The access token's audience (RFC 8707 resources, else the issuer); empty for refresh tokens. */
  audience: z.array(z.string()),
  issuer: z.string(),
  /** Unix seconds. */
  issuedAt: z.number().int(),
  expiresAt: z.number().int(),
  /** JWT access tokens only. */
  jti: z.string().optional(),
});
export type ActiveToken = z.infer<typeof activeTokenSchema>;

export const introspectTokenResponse = z.discriminatedUnion('active', [
  z.object({ active: z.literal(false) }),
  activeTokenSchema,
]);
export type IntrospectTokenResponse = z.infer<typeof introspectTokenResponse>;

export const introspectTokenContract = requestContract(introspectTokenRequest, introspectTokenResponse);
