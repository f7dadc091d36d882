import { z } from 'zod';
import { requestContract } from '../contract';

/**
 * The /oauth/authorize parameters as the gateway received them (query or form), camelCased, still unvalidated:
 * the authorize service checks them in the order RFC 6749 §4.1.2.1 requires (client and redirect_uri first,
 * so that a bad one is shown as a page and never redirected; everything else is sent to the client).
 * Unknown parameters are not carried (OpenID Connect Core §3.1.2.1: they are ignored).
 */
export const authorizeParamsSchema = z
  .object({
    responseType: z.string().max(256),
    clientId: z.string().max(256),
    redirectUri: z.string().max(2048),
    scope: z.string().max(2048),
    state: z.string().max(2048),
    nonce: z.string().max(2048),
    codeChallenge: z.string().max(256),
    codeChallengeMethod: z.string().max(64),
    prompt: z.string().max(256),
    maxAge: z.string().max(32),
    loginHint: z.string().max(1024),
    idTokenHint: z.string().max(8192),
    responseMode: z.string().max(64),
    request: z.string().max(8192),
    requestUri: z.string().max(2048),
  })
  .partial()
  .strict();
export type AuthorizeParams = z.infer<typeof authorizeParamsSchema>;
export type AuthorizeParamName = keyof AuthorizeParams;

/** What identifies the browser: its session cookie (if any) and its CSRF binding cookie. */
export const browserSchema = z
  .object({
    /** The `tessera_session` cookie value, as sent; the service looks it up by hash. */
    sessionToken: z.string().min(1).max(256).optional(),
    /** The `tessera_csrf` cookie value: binds interactions and forms to this browser. */
    browserBinding: z.string().min(32).max(256),
  })
  .strict();
export type BrowserIdentity = z.infer<typeof browserSchema>;

/** What the gateway does with the browser's session cookie after the call. */
export const sessionCookieDirectiveSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('set'), token: z.string(), maxAgeSeconds: z.number().int().positive() }),
  z.object({ action: z.literal('clear') }),
]);
export type SessionCookieDirective = z.infer<typeof sessionCookieDirectiveSchema>;

/**
 * The answer to the client, at its redirect_uri: `code` or `error` (+ `error_description`), always `iss`
 * (RFC 9207) and `state` when the request had one. `query` is a 303 redirect; `form_post` an auto-posting form.
 */
export const clientRedirectSchema = z.object({
  kind: z.literal('client_redirect'),
  redirectUri: z.string(),
  responseMode: z.enum(['query', 'form_post']),
  params: z.record(z.string()),
});
export type ClientRedirect = z.infer<typeof clientRedirectSchema>;

/** A hosted page the browser must visit next; the URL carries only the interaction id. */
export const interactionRedirectSchema = z.object({
  kind: z.literal('interaction'),
  interactionId: z.string(),
  page: z.enum(['sign_in', 'consent']),
});

/** A path on the issuer to go back to once signed in (the account pages). */
export const localRedirectSchema = z.object({
  kind: z.literal('local_redirect'),
  path: z.string().startsWith('/'),
});

export const authorizeStartRequest = z
  .object({
    params: authorizeParamsSchema,
    /** Names of parameters sent more than once (RFC 6749 §3.1: "MUST NOT be included more than once"). */
    repeated: z.array(z.string().max(64)).max(64),
    browser: browserSchema,
  })
  .strict();

export const authorizeStartResponse = z.object({
  next: z.discriminatedUnion('kind', [clientRedirectSchema, interactionRedirectSchema]),
  session: sessionCookieDirectiveSchema.optional(),
});
export type AuthorizeStartResponse = z.infer<typeof authorizeStartResponse>;

export const authorizeStartContract = requestContract(authorizeStartRequest, authorizeStartResponse);
