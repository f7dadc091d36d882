import { z } from 'zod';
import { requestContract } from '../contract';
import { browserSchema } from './authorize-request.contract';
import { clientDisplaySchema } from './interaction.contract';

/** A remembered consent: a user let a client see these scopes (and this organization). */
export const consentViewSchema = z.object({
  /** `cns_…`; the token service tags the grants it mints from this consent with it. */
  id: z.string(),
  userId: z.string(),
  clientId: z.string(),
  scopes: z.array(z.string()),
  organizationId: z.string().nullable(),
  /** Unix milliseconds, like every timestamp of the admin API. */
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
});
export type ConsentView = z.infer<typeof consentViewSchema>;

const userId = z.string().min(1).max(64);
const clientId = z.string().min(1).max(256);

/** Admin: a user's consents, newest first. */
export const listConsentsRequest = z.object({ userId }).strict();
export const listConsentsResponse = z.object({ consents: z.array(consentViewSchema) });
export const listConsentsContract = requestContract(listConsentsRequest, listConsentsResponse);

/**
 * Admin: forgets a consent and revokes every token minted under it (through the token service). Answers the
 * deleted consent, or `resource_not_found`.
 */
export const revokeConsentRequest = z.object({ userId, clientId }).strict();
export const revokeConsentContract = requestContract(revokeConsentRequest, consentViewSchema);

/** An application the signed-in user authorized, for /account/authorized-apps. */
export const authorizedAppSchema = z.object({
  client: clientDisplaySchema,
  scopes: z.array(z.string()),
  grantedAt: z.number().int(),
});
export type AuthorizedApp = z.infer<typeof authorizedAppSchema>;

/**
 * The account page: the signed-in user's authorized applications and the CSRF token of the revoke forms; or,
 * without a session, a new sign-in interaction that comes back to `returnTo` once signed in.
 */
export const listAuthorizedAppsRequest = z
  .object({ browser: browserSchema, returnTo: z.string().startsWith('/').max(256) })
  .strict();
export const listAuthorizedAppsResponse = z.discriminatedUnion('signedIn', [
  z.object({
    signedIn: z.literal(true),
    signedInAs: z.string().nullable(),
    csrfToken: z.string(),
    apps: z.array(authorizedAppSchema),
  }),
  z.object({ signedIn: z.literal(false), interactionId: z.string() }),
]);
export type AuthorizedAppsPage = z.infer<typeof listAuthorizedAppsResponse>;
export const listAuthorizedAppsContract = requestContract(listAuthorizedAppsRequest, listAuthorizedAppsResponse);

/** The account page's revoke button. The session's CSRF token must match; the gateway checked Origin. */
export const revokeAuthorizedAppRequest = z
  .object({ browser: browserSchema, csrfToken: z.string().max(256), clientId })
  .strict();
export const revokeAuthorizedAppResponse = z.object({ revoked: z.boolean() });
export const revokeAuthorizedAppContract = requestContract(revokeAuthorizedAppRequest, revokeAuthorizedAppResponse);
