import { InvalidRequestError, InvalidTokenError } from '@tessera/contracts';
import type { FastifyRequest } from 'fastify';
import { BearerTokenMissingError } from '../../http/error-rendering';
import { requireFormBody } from '../token/form-body';

/** RFC 6750 §2.1: `b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="`. */
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;
/** No token Tessera issues is longer; anything longer cannot be valid. */
const MAX_TOKEN_LENGTH = 8192;

/**
 * The access token of a request to a protected resource (RFC 6750 §2): in the `Authorization: Bearer` header
 * (§2.1), or as `access_token` in an application/x-www-form-urlencoded POST body (§2.2) — `body` is given for
 * POST only. Exactly one method: both at once is `invalid_request` (§3.1). The query-string method (§2.3) is not
 * supported — tokens in URLs end up in logs and histories — and refused with `invalid_request` rather than
 * ignored. No token at all is the bare challenge of §3.1 (BearerTokenMissingError); an Authorization header of
 * another scheme counts as no token.
 */
export function readBearerToken(request: FastifyRequest, body?: unknown): string {
  const query = request.query && typeof request.query === 'object' ? (request.query as Record<string, unknown>) : {};
  if (query.access_token !== undefined) {
    throw new InvalidRequestError(
      'Access tokens are not accepted in the query string; send them in the Authorization header',
      { param: 'access_token' },
    );
  }
  const fromHeader = headerToken(request.headers.authorization);
  const fromBody = bodyToken(request, body);
  if (fromHeader !== undefined && fromBody !== undefined) {
    throw new InvalidRequestError('The request must not use more than one method to include an access token', {
      param: 'access_token',
    });
  }
  const token = fromHeader ?? fromBody;
  if (token === undefined) throw new BearerTokenMissingError('The request has no access token');
  if (token.length > MAX_TOKEN_LENGTH) throw new InvalidTokenError('The access token is invalid, expired or revoked');
  return token;
}

function headerToken(authorization: string | undefined): string | undefined {
  if (!authorization) return undefined;
  // RFC 9110 §11.1: the scheme name is case-insensitive.
  const match = /^Bearer(?:\s+(.*))?$/is.exec(authorization.trim());
  if (!match) return undefined;
  const credentials = (match[1] ?? '').trim();
  if (!B64TOKEN.test(credentials)) {
    throw new InvalidRequestError('The Authorization header does not carry a well-formed Bearer token', {
      param: 'authorization',
    });
  }
  return credentials;
}

function bodyToken(request: FastifyRequest, body: unknown): string | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const value = (body as Record<string, unknown>).access_token;
  if (value === undefined || value === '') return undefined;
  // RFC 6750 §2.2: only a form-encoded body may carry the token (a JSON one is refused, not ignored).
  requireFormBody(request);
  if (Array.isArray(value)) {
    throw new InvalidRequestError('The "access_token" parameter must not be repeated', { param: 'access_token' });
  }
  if (typeof value !== 'string') {
    throw new InvalidRequestError('The "access_token" parameter must be a string', { param: 'access_token' });
  }
  return value;
}
