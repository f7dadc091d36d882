import type { FastifyInstance } from 'fastify';

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
  const https = issuer.startsWith('https://');
  fastify.addHook('onSend', async (request, reply, payload) => {
    const set = (name: string, value: string) => {
      if (!reply.hasHeader(name)) reply.header(name, value);
    };
    set('x-content-type-options', 'nosniff');
    set('x-frame-options', 'DENY');
    set('content-security-policy', "frame-ancestors 'none'");
    set('referrer-policy', 'no-referrer');
    set('cross-origin-opener-policy', 'same-origin');
    if (https) set('strict-transport-security', 'max-age=31536000; includeSubDomains');
    const path = request.url.split('?')[0];
    if (CACHEABLE.has(path) && reply.statusCode === 200) {
      set('cache-control', 'public, max-age=300');
    } else {
      set('cache-control', 'no-store');
      set('pragma', 'no-cache');
    }
    return payload;
  });
}
