import type { ConsentPage } from '@tessera/contracts';
import { html, type SafeHtml } from './html';
import { appMark, layout } from './page-layout';
import { describeScopes, OFFLINE_ACCESS } from './scope-descriptions';

/** Where the browser goes next, as a person reads it: the host of a web URI, the scheme of an app's. */
export function redirectDomain(redirectUri: string): string {
  try {
    const url = new URL(redirectUri);
    return url.host !== '' ? url.hostname : `${url.protocol.replace(/:$/, '')} app`;
  } catch {
    return redirectUri;
  }
}

/**
 * What the application asks for, in plain language, and one form with two submit buttons (Deny first, so that
 * an implicit submission denies).
 */
export function renderConsentPage(page: ConsentPage, issuer: string): SafeHtml {
  const { client } = page;
  const scopes = describeScopes(page.scopes);
  return layout(
    { title: `Allow ${client.name} to access your account?`, issuer },
    html`${appMark(client.name, client.logoUri)}
      <h1><strong>${client.name}</strong> wants to access your account</h1>
      ${page.signedInAs ? html`<p class="lead">Signed in as <strong>${page.signedInAs}</strong></p>` : html`<p class="lead"></p>`}
      ${
        scopes.length > 0
          ? html`<h2>This will allow ${client.name} to:</h2>
              <ul class="scopes">
                ${scopes.map(
                  (scope) =>
                    html`<li>
                      ${scope.text}${
                        scope.sensitive
                          ? html`<span class="badge">Sensitive</span><br /><span class="small muted"
                                >This may include sensitive information.</span
                              >`
                          : null
                      }
                    </li> `,
                )}
              </ul>`
          : null
      }
      ${page.scopes.includes(OFFLINE_ACCESS) ? html`<p>You will stay signed in to ${client.name} until you revoke access.</p>` : null}
      <form method="post" action="${issuer}/consent">
        <input type="hidden" name="interaction" value="${page.interactionId}" />
        <input type="hidden" name="csrf_token" value="${page.csrfToken}" />
        ${
          page.organizations.length > 0
            ? html`<label for="organization_id">Organization to share</label>
                <select id="organization_id" name="organization_id">
                  ${page.organizations.map((org) => html`<option value="${org.id}">${org.name}</option> `)}
                </select>`
            : null
        }
        <p class="small muted">
          After you choose, you will be sent to <strong>${redirectDomain(page.redirectUri)}</strong>.
        </p>
        <div class="actions">
          <button type="submit" name="consented" value="false" class="secondary">Deny</button>
          <button type="submit" name="consented" value="true">Allow</button>
        </div>
      </form>`,
  );
}
