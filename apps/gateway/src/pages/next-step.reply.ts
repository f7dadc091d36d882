import type { ClientRedirect, SubmitSignInResponse } from '@tessera/contracts';
import type { FastifyReply } from 'fastify';
import { renderThrottledPage } from './error.page';
import { AUTO_SUBMIT_SCRIPT_HASH, renderFormPostPage } from './form-post.page';
import { seeOther, sendPage } from './page-reply';
import { renderSignInPage } from './sign-in.page';

/** Every answer the authorize service can give about where the browser goes next. */
export type NextStep = SubmitSignInResponse['next'];

export const interactionPath = (page: 'sign_in' | 'consent', interactionId: string): string =>
  `/${page === 'sign_in' ? 'sign-in' : 'consent'}?interaction=${encodeURIComponent(interactionId)}`;

/**
 * RFC 6749 §3.1.2: the redirect URI's own query is kept and the response parameters are added to it (the
 * registry refuses redirect URIs with a fragment, RFC 6749 §3.1.2).
 */
export function clientRedirectUrl(redirectUri: string, params: Record<string, string>): string {
  const query = new URLSearchParams(params).toString();
  if (!redirectUri.includes('?')) return `${redirectUri}?${query}`;
  return redirectUri.endsWith('?') || redirectUri.endsWith('&') ? `${redirectUri}${query}` : `${redirectUri}&${query}`;
}

export function sendClientRedirect(reply: FastifyReply, redirect: ClientRedirect, issuer: string): void {
  if (redirect.responseMode === 'form_post') {
    sendPage(reply, renderFormPostPage(redirect.redirectUri, redirect.params, issuer), {
      formTargets: [redirect.redirectUri],
      scriptHashes: [AUTO_SUBMIT_SCRIPT_HASH],
    });
    return;
  }
  seeOther(reply, clientRedirectUrl(redirect.redirectUri, redirect.params));
}

/**
 * Answers the browser with the next step: a redirect (always 303 after a POST), a page, or a 429 (which links
 * back to the sign-in page of `interactionId`, when given).
 */
export function sendNextStep(reply: FastifyReply, next: NextStep, issuer: string, interactionId?: string): void {
  switch (next.kind) {
    case 'client_redirect':
      return sendClientRedirect(reply, next, issuer);
    case 'interaction':
      return seeOther(reply, `${issuer}${interactionPath(next.page, next.interactionId)}`);
    case 'local_redirect':
      return seeOther(reply, `${issuer}${next.path}`);
    case 'sign_in_failed':
      return sendPage(reply, renderSignInPage(next.page, issuer), {
        formTargets: next.page.redirectUri ? [next.page.redirectUri] : [],
      });
    case 'throttled':
      return sendPage(
        reply,
        renderThrottledPage(
          next.retryAfterSeconds,
          interactionId ? `${issuer}${interactionPath('sign_in', interactionId)}` : null,
          issuer,
        ),
        {
          status: 429,
          headers: { 'retry-after': String(next.retryAfterSeconds) },
        },
      );
  }
}
