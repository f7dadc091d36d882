import { html, type SafeHtml } from './html';
import { layout } from './page-layout';

/** GET /sign-out asks first: one button that posts the form with its CSRF token. */
export function renderSignOutPage(issuer: string, csrfToken: string): SafeHtml {
  return layout(
    { title: 'Sign out', issuer },
    html`<h1>Sign out?</h1>
      <p class="lead">
        You will be signed out in this browser. Applications you authorized keep their access until you revoke it.
      </p>
      <form method="post" action="${issuer}/sign-out">
        <input type="hidden" name="csrf_token" value="${csrfToken}" />
        <button type="submit">Sign out</button>
      </form>`,
  );
}

export function renderSignedOutPage(issuer: string): SafeHtml {
  return layout(
    { title: 'Signed out', issuer },
    html`<h1>You are signed out</h1>
      <p class="lead">You can close this window, or go back to the application to sign in again.</p>`,
  );
}
