import { z } from 'zod';
import { requestContract } from '../contract';

/** How a client authenticates at the token, revocation and introspection endpoints. */
export const clientAuthMethodSchema = z.enum(['client_secret_basic', 'client_secret_post', 'none']);
export type ClientAuthMethod = z.infer<typeof clientAuthMethodSchema>;

/** What other services know of an OAuth application: everything but its secret. */
export const clientViewSchema = z.object({
  /** The application id (`oa_…`). */
  id: z.string(),
  clientId: z.string(),
  name: z.string(),
  public: z.boolean(),
  /** The scopes the client may request. */
  scopes: z.array(z.string()),
  redirectUris: z.array(z.string()),
  consentScreenEnabled: z.boolean(),
  pkceRequired: z.boolean(),
  dynamicallyRegistered: z.boolean(),
  accessTokenFormat: z.enum(['jwt', 'opaque']),
  logoUri: z.string().nullable(),
  clientUri: z.string().nullable(),
});
export type ClientView = z.infer<typeof clientViewSchema>;

/** Looks a client up by client_id (cached for a few seconds); `invalid_client` when there is none. */
export const getClientRequest = z.object({ clientId: z.string().min(1).max(256) }).strict();
export const getClientContract = requestContract(getClientRequest, clientViewSchema);

/**
 * The credentials the gateway found on a request, already reduced to one method (it refuses requests that use
 * two: RFC 6749 §2.3). The registry answers with the client or `invalid_client`: unknown client, wrong secret,
 * a secret for a public client, or `none` for a confidential one. `client_secret_basic` and `client_secret_post`
 * are interchangeable for a confidential client (as at Clerk). Secrets are checked against the registry's client
 * cache, which every replica drops an application from as soon as its change event arrives, so a rotated secret
 * stops working within moments everywhere (at once on the replica that rotated it).
 */
export const authenticateClientRequest = z
  .object({
    method: clientAuthMethodSchema,
    clientId: z.string().min(1).max(256),
    clientSecret: z.string().max(512).optional(),
  })
  .strict();
export const authenticateClientContract = requestContract(authenticateClientRequest, clientViewSchema);
