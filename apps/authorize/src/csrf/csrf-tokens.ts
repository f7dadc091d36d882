import { hmacSha256 } from '@tessera/crypto';

/*
 * The hosted pages' CSRF tokens are derived, never stored: HMAC-SHA-256 keyed by a cookie value that only the
 * browser holds and that Redis knows by its SHA-256 alone (OWASP's "signed double-submit cookie"). A page can be
 * rendered again — a reload, a failed sign-in, a second tab — with the same token, a form from another site
 * cannot carry one (it cannot read the cookie), and a dump of Redis yields no usable token. Each token names its
 * purpose, so one form's token is worth nothing on another.
 */

/** The sign-in and consent forms of one interaction, keyed by the `tessera_csrf` browser binding. */
export const interactionCsrfToken = (browserBinding: string, interactionId: string): string =>
  hmacSha256(browserBinding, `interaction-form:${interactionId}`);

/** The account pages' forms (revoke an application), keyed by the `tessera_session` token. */
export const accountCsrfToken = (sessionToken: string): string => hmacSha256(sessionToken, 'account-form');
