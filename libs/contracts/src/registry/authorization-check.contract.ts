import { z } from 'zod';
import { requestContract } from '../contract';
import { clientViewSchema } from './client.contract';

/**
 * The authorize endpoint's client checks in one call: does the client exist, is the redirect_uri registered
 * (exact match; any port for loopback IP literals, RFC 8252 §7.3), and may the client hold the requested scope.
 *
 * Errors, in the order they are checked, and what the authorize endpoint must do with them:
 * - `invalid_client` (param `client_id`): unknown client. Show an error page; never redirect.
 * - `invalid_request` (param `redirect_uri`): redirect_uri missing while the client has several, malformed, or
 *   not registered. Show an error page; never redirect (RFC 6749 §4.1.2.1).
 * - `invalid_scope` (param `scope`): malformed scope, or a scope the client may not hold. The redirect_uri was
 *   valid, so this one is sent to the client's redirect_uri (RFC 6749 §4.1.2.1).
 */
export const checkAuthorizationRequest = z
  .object({
    clientId: z.string().min(1).max(256),
    /** Omit it when the request had none: a client with exactly one registered redirect URI then gets that one. */
    redirectUri: z.string().min(1).max(2048).optional(),
    /** The raw space-separated `scope` parameter; omitted means the default `profile email` (RFC 6749 §3.3). */
    scope: z.string().max(2048).optional(),
  })
  .strict();

export const checkAuthorizationResponse = z.object({
  client: clientViewSchema,
  /** The redirect URI to use: the requested one as sent (with its port), or the only registered one. */
  redirectUri: z.string(),
  /**
   * The requested scopes, de-duplicated, in request order. Without `scope`, the default `profile email` limited
   * to what the client may hold (invalid_scope when that leaves nothing).
   */
  scopes: z.array(z.string()),
});
export type AuthorizationCheck = z.infer<typeof checkAuthorizationResponse>;

export const checkAuthorizationContract = requestContract(checkAuthorizationRequest, checkAuthorizationResponse);
