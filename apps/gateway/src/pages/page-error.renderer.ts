import type { ErrorRenderer } from '../http/error-rendering';
import type { GatewayExceptionFilter } from '../http/gateway-exception.filter';
import { renderErrorPage } from './error.page';
import { sendPage } from './page-reply';

/** Paths a browser visits: their errors are pages, not JSON. */
export const PAGE_PATH_PREFIXES = ['/oauth/authorize', '/sign-in', '/consent', '/sign-out', '/account'] as const;

/**
 * An error on a browser-facing path becomes an HTML page with the error's status. A 401 (an unknown client) is
 * shown as 400: RFC 9110 §15.5.2 ties 401 to a WWW-Authenticate challenge the browser could answer, and there
 * is none here.
 */
export const renderPageError: ErrorRenderer = (error, reply, issuer) => {
  sendPage(reply, renderErrorPage(error, issuer), { status: error.status === 401 ? 400 : error.status });
};

export function usePageErrorRenderers(filter: GatewayExceptionFilter): void {
  for (const prefix of PAGE_PATH_PREFIXES) filter.useRendererFor(prefix, renderPageError);
}
