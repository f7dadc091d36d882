import { AccessDeniedError } from '@tessera/contracts';
import type { FastifyRequest } from 'fastify';

/**
 * A page's form may only be posted from the issuer's own pages: `Origin` must be the issuer's origin, or, when a
 * browser sends no Origin, `Referer` must be a page of the issuer (the pages' referrer policy keeps it usable).
 * Together with the SameSite cookies and the CSRF token this stops cross-site form posts.
 */
export function checkSameOrigin(request: FastifyRequest, issuer: string): void {
  const issuerOrigin = new URL(issuer).origin;
  const origin = request.headers.origin;
  if (origin !== undefined) {
    if (origin === issuerOrigin) return;
    throw refused({ origin });
  }
  const referer = request.headers.referer;
  if (referer !== undefined && referer.startsWith(`${issuerOrigin}/`)) return;
  throw refused({ origin: null, referer: referer ?? null });
}

const refused = (detail: Record<string, string | null>) =>
  new AccessDeniedError('This form was not sent from this site. Go back to the application and try again.', {
    detail: { reason: 'origin check failed', ...detail },
  });
