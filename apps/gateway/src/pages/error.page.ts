import type { TesseraError } from '@tessera/contracts';
import { html, type SafeHtml } from './html';
import { layout } from './page-layout';

/** A heading a person understands, by kind of failure; the error's description says the rest. */
function headingFor(error: TesseraError): string {
  if (error.status === 404) return 'Page not found';
  if (error.status === 403) return 'Request refused';
  if (error.status === 503) return 'Temporarily unavailable';
  if (error.status >= 500) return 'Something went wrong';
  return 'This request cannot be completed';
}

/** The page for anything that cannot be sent back to an application (an unknown client or redirect_uri…). */
export function renderErrorPage(error: TesseraError, issuer: string): SafeHtml {
  const heading = headingFor(error);
  return layout(
    { title: heading, issuer },
    html`<h1>${heading}</h1>
      <p class="lead">${error.description}</p>
      <p class="small muted">Error code: <code>${error.code}</code></p>`,
  );
}

/** 429: when sign-in may be tried again, in minutes a person can act on. */
export function renderThrottledPage(retryAfterSeconds: number, backTo: string | null, issuer: string): SafeHtml {
  const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
  return layout(
    { title: 'Too many sign-in attempts', issuer },
    html`<h1>Too many sign-in attempts</h1>
      <p class="lead" role="alert">
        Sign-in is paused for this account or network. Try again in ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}.
      </p>
      ${backTo ? html`<footer><a href="${backTo}">Back to sign in</a></footer>` : null}`,
  );
}
