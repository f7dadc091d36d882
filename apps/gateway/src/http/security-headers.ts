import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Paths whose answers are public and stable enough to cache: discovery and the JWKS. */
const CACHEABLE = new Set([
  '/.well-known/openid-configuration',
  '/.well-known/oauth-authorization-server',
  '/.well-known/jwks.json',
]);

/**
 * Headers on every response unless a route set its own: no framing (clickjacking), no MIME sniffing, no
 * referrer, HSTS behind https, and `Cache-Control: no-store` on everything but the cacheable documents — OAuth
 * responses carry codes, tokens and secrets (RFC 6749 §5.1).
 */
export function registerSecurityHeaders(fastify: FastifyInstance, issuer: string): void {
  fastify.addHook('onSend', (request, reply, payload, done) => {
    applySecurityHeaders(request, reply, issuer);
    done(null, payload);
  });
}

/**
 * The headers themselves, for the hook above and for answers Fastify sends without running hooks (requests it
 * refuses before routing, see gateway.bootstrap.ts).
 */
export function applySecurityHeaders(request: FastifyRequest, reply: FastifyReply, issuer: string): void {
  const set = (name: string, value: string) => {
    if (!reply.hasHeader(name)) reply.header(name, value);
  };
  set('x-content-type-options', 'nosniff');
  set('x-frame-options', 'DENY');
  set('content-security-policy', "frame-ancestors 'none'");
  set('referrer-policy', 'no-referrer');
  set('cross-origin-opener-policy', 'same-origin');
  if (issuer.startsWith('https://')) set('strict-transport-security', 'max-age=31536000; includeSubDomains');
  const path = request.url.split('?')[0];
  if (CACHEABLE.has(path) && reply.statusCode === 200) {
    set('cache-control', 'public, max-age=300');
  } else {
    set('cache-control', 'no-store');
    set('pragma', 'no-cache');
  }
}
