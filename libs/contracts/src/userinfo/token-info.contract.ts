import { z } from 'zod';
import { requestContract } from '../contract';

/**
 * /oauth/token_info (RFC 7662 §2.1) after the gateway has authenticated the calling client. `scopes` is Clerk's
 * `scope` parameter ("the granted scopes for the token to check against"): a token lacking any of them is
 * inactive for this request.
 */
export const introspectForClientRequest = z
  .object({
    token: z.string().min(1).max(8192),
    /** RFC 7662 §2.1: a hint only; Tessera's token formats describe themselves. */
    tokenTypeHint: z.string().max(64).optional(),
    /** The authenticated client: another client's token is reported inactive to it. */
    callerClientId: z.string().min(1).max(256),
    scopes: z.array(z.string().min(1).max(256)).max(100).optional(),
  })
  .strict();

/**
 * RFC 7662 §2.2. Its members are registered introspection (and JWT) claim names, so they keep their wire spelling
 * and the gateway sends the object as it is. Clerk's `{active, client_id, iat, scope, sub, org_id}` plus `exp`,
 * `aud`, `iss`, `token_type` and `jti`.
 */
export const activeIntrospectionSchema = z.object({
  active: z.literal(true),
  client_id: z.string(),
  /** Space-delimited, as on the wire. */
  scope: z.string(),
  sub: z.string(),
  /** Unix seconds. */
  iat: z.number().int(),
  exp: z.number().int(),
  iss: z.string(),
  /** RFC 6749 §5.1's token type (`Bearer`): access tokens only. */
  token_type: z.literal('Bearer').optional(),
  /** Access tokens only: one audience as a string, several as an array (RFC 7519 §4.1.3). */
  aud: z.union([z.string(), z.array(z.string())]).optional(),
  /** JWT access tokens only. */
  jti: z.string().optional(),
  /** When `user:org:read` was granted and an organization is bound. */
  org_id: z.string().optional(),
});
export type ActiveIntrospection = z.infer<typeof activeIntrospectionSchema>;

/** RFC 7662 §2.2: an inactive token is `{active:false}` and nothing else. */
export const introspectionResponseSchema = z.discriminatedUnion('active', [
  z.object({ active: z.literal(false) }).strict(),
  activeIntrospectionSchema,
]);
export type IntrospectionResponse = z.infer<typeof introspectionResponseSchema>;

export const introspectForClientContract = requestContract(introspectForClientRequest, introspectionResponseSchema);
