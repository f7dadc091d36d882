import { AccessDeniedError, InvalidRequestError } from '@tessera/contracts';
import { constantTimeEqual, sha256 } from '@tessera/crypto';
import { interactionCsrfToken } from '../csrf/csrf-tokens';
import type { Interaction } from './interaction';

/**
 * Who may use an interaction: the browser that started it (its `tessera_csrf` cookie hashes to the binding)
 * and, on POST, a form carrying the interaction's CSRF token (derived from that cookie). Together with the
 * gateway's Origin check this is the pages' CSRF defence (signed double submit: the cookie and the form field
 * must both be right).
 */
export function checkBrowser(interaction: Interaction, browserBinding: string): void {
  if (!constantTimeEqual(sha256(browserBinding), interaction.browserBindingHash)) {
    throw new InvalidRequestError(
      'This page was opened in a different browser from the one that started signing in. Go back to the application and try again.',
      { detail: { interactionId: interaction.id, reason: 'browser binding mismatch' } },
    );
  }
}

/** The form's token must be the one derived from this browser's binding for this interaction. */
export function checkCsrfToken(interaction: Interaction, browserBinding: string, csrfToken: string): void {
  if (!constantTimeEqual(csrfToken, interactionCsrfToken(browserBinding, interaction.id))) {
    throw new AccessDeniedError('The form could not be verified. Go back to the application and try again.', {
      detail: { interactionId: interaction.id, reason: 'csrf token mismatch' },
    });
  }
}

export const interactionNotFound = (): InvalidRequestError =>
  new InvalidRequestError('This page has expired. Go back to the application and try again.');

export const interactionAlreadyCompleted = (): InvalidRequestError =>
  new InvalidRequestError('This request has already been completed. Go back to the application to continue.');
