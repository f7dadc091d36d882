import { z } from 'zod';
import { requestContract } from '../contract';
import { clientAuthMethodSchema, clientViewSchema } from './client.contract';
import { REDIRECT_URI_MAX, REDIRECT_URIS_MAX_COUNT } from './application.contract';

/** What RFC 7591 §2 metadata the registry keeps, and its limits (Clerk's). */
export const CLIENT_NAME_MAX = 256;
export const CLIENT_URI_MAX = 1024;
export const CLIENT_SCOPE_MAX = 1024;

/**
 * Dynamic Client Registration (RFC 7591 §3.1), after the gateway has checked the JSON types. The registry
 * applies the rules and answers `invalid_redirect_uri` or `invalid_client_metadata` (RFC 7591 §3.2.2), and
 * `slow_down` (429) when `sourceAddress` has registered too many clients in the current window.
 */
export const registerClientRequest = z
  .object({
    redirectUris: z.array(z.string().max(REDIRECT_URI_MAX)).max(REDIRECT_URIS_MAX_COUNT),
    tokenEndpointAuthMethod: clientAuthMethodSchema.default('client_secret_basic'),
    clientName: z.string().max(CLIENT_NAME_MAX).optional(),
    clientUri: z.string().max(CLIENT_URI_MAX).optional(),
    logoUri: z.string().max(CLIENT_URI_MAX).optional(),
    /** Space-separated; omitted means every scope a client may hold (SUPPORTED_SCOPES). */
    scope: z.string().max(CLIENT_SCOPE_MAX).optional(),
    grantTypes: z.array(z.string().max(256)).max(20).optional(),
    responseTypes: z.array(z.string().max(256)).max(20).optional(),
    /** The caller's IP address, for the per-address registration limit. */
    sourceAddress: z.string().min(1).max(64),
  })
  .strict();

export const registerClientResponse = z.object({
  client: clientViewSchema,
  clientSecret: z.string().optional(),
  /** Unix seconds (RFC 7591 §3.2.1 `client_id_issued_at`). */
  clientIdIssuedAt: z.number().int(),
  tokenEndpointAuthMethod: clientAuthMethodSchema,
  grantTypes: z.array(z.string()),
  responseTypes: z.array(z.string()),
});
export type RegisteredClient = z.infer<typeof registerClientResponse>;

export const registerClientContract = requestContract(registerClientRequest, registerClientResponse);
