/**
 * Tessera's token formats are self-describing, so revocation and introspection need no type hint:
 * - opaque access tokens: `oat_` + 64 hex (32 random bytes);
 * - refresh tokens: `ort_` + 43 base64url (32 random bytes);
 * - JWT access tokens (RFC 9068) and ID tokens: three base64url segments.
 */
export const ACCESS_TOKEN_PREFIX = 'oat_';
export const REFRESH_TOKEN_PREFIX = 'ort_';

export type TokenKind = 'opaque' | 'refresh' | 'jwt' | 'unknown';

const OPAQUE = /^oat_[0-9a-f]{64}$/;
const REFRESH = /^ort_[A-Za-z0-9_-]{43}$/;
const JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

export function tokenKind(token: string): TokenKind {
  if (OPAQUE.test(token)) return 'opaque';
  if (REFRESH.test(token)) return 'refresh';
  if (JWT.test(token)) return 'jwt';
  return 'unknown';
}
