import type { AuthorizedApp } from '@tessera/contracts';
import { html, type SafeHtml } from './html';
import { appMark, layout } from './page-layout';
import { describeScopes, OFFLINE_ACCESS } from './scope-descriptions';

const dateFormat = new Intl.DateTimeFormat('en', { dateStyle: 'long', timeZone: 'UTC' });

/** /account/authorized-apps: each application the user let in, what it can see, and a revoke button. */
export function renderAuthorizedAppsPage(input: {
  issuer: string;
  signedInAs: string | null;
  csrfToken: string;
  apps: AuthorizedApp[];
}): SafeHtml {
  return layout(
    { title: 'Authorized applications', wide: true, issuer: input.issuer },
    html`<h1>Authorized applications</h1>
      <p class="lead">
        ${input.signedInAs ? html`Signed in as <strong>${input.signedInAs}</strong>` : 'Applications you have let into your account'}
      </p>
      ${
        input.apps.length === 0
          ? html`<p>You have not authorized any applications.</p>`
          : html`<ul class="apps">
              ${input.apps.map((app) => {
                const access = describeScopes(app.scopes);
                return html`<li>
                  ${appMark(app.client.name, app.client.logoUri)}
                  <div class="app-body">
                    <h2>${app.client.name}</h2>
                    <p class="small muted">Authorized on ${dateFormat.format(new Date(app.grantedAt))}</p>
                    ${
                      access.length > 0
                        ? html`<ul class="small">
                            ${access.map((scope) => html`<li>${scope.text}</li>`)}
                          </ul>`
                        : null
                    }
                    ${app.scopes.includes(OFFLINE_ACCESS) ? html`<p class="small">Stays signed in until you revoke access.</p>` : null}
                  </div>
                  <form method="post" action="${input.issuer}/account/authorized-apps/revoke">
                    <input type="hidden" name="csrf_token" value="${input.csrfToken}" />
                    <input type="hidden" name="client_id" value="${app.client.clientId}" />
                    <button type="submit" class="danger" aria-label="Revoke access for ${app.client.name}">
                      Revoke access
                    </button>
                  </form>
                </li> `;
              })}
            </ul>`
      }
      <footer><a href="${input.issuer}/sign-out">Sign out</a></footer>`,
  );
}
