import { createHash } from 'node:crypto';
import { html, SafeHtml } from './html';
import { layout } from './page-layout';

/** The only script Tessera serves; allowed by its hash in the page's CSP, not by 'unsafe-inline'. */
export const AUTO_SUBMIT_SCRIPT = 'document.forms[0].submit();';
export const AUTO_SUBMIT_SCRIPT_HASH = `'sha256-${createHash('sha256').update(AUTO_SUBMIT_SCRIPT).digest('base64')}'`;
/** Built outside the `html` template so that no formatter can change a byte of it: its hash is in the CSP. */
const AUTO_SUBMIT_ELEMENT = new SafeHtml(`<script>${AUTO_SUBMIT_SCRIPT}</script>`);

/**
 * OAuth 2.0 Form Post Response Mode §2: the response parameters as hidden fields of a form that posts itself to
 * the redirect URI. Without JavaScript, the visitor presses Continue.
 */
export function renderFormPostPage(redirectUri: string, params: Record<string, string>, issuer: string): SafeHtml {
  const fields = Object.entries(params).map(
    ([name, value]) => html`<input type="hidden" name="${name}" value="${value}" />`,
  );
  return layout(
    { title: 'Continuing to the application', issuer },
    html`<h1>Continuing to the application</h1>
      <form method="post" action="${redirectUri}">
        ${fields}
        <noscript>
          <p class="lead">JavaScript is off in this browser: press Continue to go on.</p>
          <button type="submit">Continue</button>
        </noscript>
      </form>
      ${AUTO_SUBMIT_ELEMENT}`,
  );
}
