import { AccessDeniedError } from '@tessera/contracts';
import { constantTimeEqual, hmacSha256 } from '@tessera/crypto';

/**
 * The sign-out form's CSRF token: HMAC-SHA-256 keyed by the browser's session cookie. It is stored nowhere,
 * holds only for the session it was shown to, and a site that cannot read the cookie cannot make one. Together
 * with the Origin check it keeps other sites from signing a browser out (logout CSRF).
 */
export const signOutToken = (sessionToken: string): string => hmacSha256(sessionToken, 'sign-out-form');

export function checkSignOutToken(sessionToken: string, presented: string): void {
  if (!constantTimeEqual(presented, signOutToken(sessionToken))) {
    throw new AccessDeniedError('The form could not be verified. Reload the page and try again.', {
      detail: { reason: 'sign-out csrf token mismatch' },
    });
  }
}
