import type { SignInPage } from '@tessera/contracts';
import { html, type SafeHtml } from './html';
import { appMark, layout } from './page-layout';

/** The one message for every failed sign-in: it must not tell whether the account exists. */
export const SIGN_IN_FAILED_MESSAGE = 'The email address, username or password is incorrect.';

/** One form: identifier, password, the interaction id and CSRF token; works without JavaScript. */
export function renderSignInPage(page: SignInPage, issuer: string): SafeHtml {
  const errorId = 'sign-in-error';
  const invalid = page.failed ? 'true' : 'false';
  return layout(
    { title: page.client ? `Sign in to continue to ${page.client.name}` : 'Sign in', issuer },
    html`${page.client ? appMark(page.client.name, page.client.logoUri) : null}
      <h1>Sign in</h1>
      <p class="lead">
        ${page.client ? html`to continue to <strong>${page.client.name}</strong>` : 'to manage your account'}
      </p>
      ${page.failed ? html`<p class="alert" role="alert" id="${errorId}">${SIGN_IN_FAILED_MESSAGE}</p>` : null}
      <form method="post" action="${issuer}/sign-in">
        <input type="hidden" name="interaction" value="${page.interactionId}" />
        <input type="hidden" name="csrf_token" value="${page.csrfToken}" />
        <label for="identifier">Email address or username</label>
        <input
          id="identifier"
          name="identifier"
          type="text"
          autocomplete="username"
          autocapitalize="none"
          spellcheck="false"
          required
          value="${page.identifier ?? ''}"
          aria-invalid="${invalid}"
          ${page.failed ? html` aria-describedby="${errorId}"` : null}${page.identifier ? null : html` autofocus`}
        />
        <label for="password">Password</label>
        <input
          id="password"
          name="password"
          type="password"
          autocomplete="current-password"
          required
          aria-invalid="${invalid}"
          ${page.identifier ? html` autofocus` : null}
        />
        <button type="submit">Sign in</button>
      </form>`,
  );
}
