import { z } from 'zod';
import { organizationSummarySchema } from '../accounts/user-profile.contract';
import { requestContract } from '../contract';
import {
  browserSchema,
  clientRedirectSchema,
  interactionRedirectSchema,
  localRedirectSchema,
  sessionCookieDirectiveSchema,
} from './authorize-request.contract';

/** What a page shows of the application asking for access. */
export const clientDisplaySchema = z.object({
  clientId: z.string(),
  name: z.string(),
  logoUri: z.string().nullable(),
  clientUri: z.string().nullable(),
});
export type ClientDisplay = z.infer<typeof clientDisplaySchema>;

export const signInPageSchema = z.object({
  interactionId: z.string(),
  csrfToken: z.string(),
  /** The application the user signs in to; null when signing in to manage their own account. */
  client: clientDisplaySchema.nullable(),
  /**
   * The client's redirect URI when signing in may lead straight to it (no consent page): the page's CSP must let
   * its form's redirect go there. Null for account sign-ins.
   */
  redirectUri: z.string().nullable(),
  /** Prefills the identifier input (login_hint, or what the user typed before a failed attempt). */
  identifier: z.string().nullable(),
  /** True after a failed attempt: the page shows one generic sentence. */
  failed: z.boolean(),
});
export type SignInPage = z.infer<typeof signInPageSchema>;

export const consentPageSchema = z.object({
  interactionId: z.string(),
  csrfToken: z.string(),
  client: clientDisplaySchema,
  /** The scopes asked for, in request order; the page describes each in plain language. */
  scopes: z.array(z.string()),
  /** Where the browser goes afterwards (the page shows its domain). */
  redirectUri: z.string(),
  /** The signed-in user's email or username, so they know which account they are sharing. */
  signedInAs: z.string().nullable(),
  /** The user's organizations, when `user:org:read` is asked for; the page shows a selector when non-empty. */
  organizations: z.array(organizationSummarySchema),
});
export type ConsentPage = z.infer<typeof consentPageSchema>;

export const interactionPageSchema = z.discriminatedUnion('page', [
  z.object({ page: z.literal('sign_in'), signIn: signInPageSchema }),
  z.object({ page: z.literal('consent'), consent: consentPageSchema }),
]);
export type InteractionPage = z.infer<typeof interactionPageSchema>;

const interactionRef = {
  interactionId: z.string().min(1).max(128),
  browser: browserSchema,
};

export const getInteractionRequest = z.object(interactionRef).strict();
export const getInteractionContract = requestContract(getInteractionRequest, interactionPageSchema);

/** The sign-in form. Origin was checked by the gateway; the CSRF token and browser binding are checked here. */
export const submitSignInRequest = z
  .object({
    ...interactionRef,
    csrfToken: z.string().max(256),
    identifier: z.string().max(320),
    password: z.string().max(1024),
    /** The browser's address as the gateway sees it, for per-address throttling. */
    sourceIp: z.string().max(64),
  })
  .strict();

export const signInFailedSchema = z.object({ kind: z.literal('sign_in_failed'), page: signInPageSchema });
export const signInThrottledSchema = z.object({
  kind: z.literal('throttled'),
  retryAfterSeconds: z.number().int().positive(),
});

export const submitSignInResponse = z.object({
  next: z.discriminatedUnion('kind', [
    clientRedirectSchema,
    interactionRedirectSchema,
    localRedirectSchema,
    signInFailedSchema,
    signInThrottledSchema,
  ]),
  session: sessionCookieDirectiveSchema.optional(),
});
export type SubmitSignInResponse = z.infer<typeof submitSignInResponse>;
export const submitSignInContract = requestContract(submitSignInRequest, submitSignInResponse);

/** The consent form: Allow (`consented: true`) or Deny (anything else), and the organization picked. */
export const submitConsentRequest = z
  .object({
    ...interactionRef,
    csrfToken: z.string().max(256),
    consented: z.boolean(),
    organizationId: z.string().min(1).max(64).optional(),
  })
  .strict();
export const submitConsentResponse = z.object({ next: clientRedirectSchema });
export const submitConsentContract = requestContract(submitConsentRequest, submitConsentResponse);
