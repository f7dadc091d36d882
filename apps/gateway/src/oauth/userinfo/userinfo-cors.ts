import type { FastifyInstance, FastifyReply } from 'fastify';

export const USERINFO_ROUTE = '/oauth/userinfo';

/**
 * CORS for /oauth/userinfo only: browser apps (SPAs, public clients) call it with their access token. Any origin
 * may: the token is the credential, never a cookie, so `*` without credentials is safe. `WWW-Authenticate` is
 * exposed so that a script can read the RFC 6750 challenge of a 401 or 403. The headers go on as soon as the
 * request is routed, so every answer carries them, errors included.
 */
export function registerUserinfoCors(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    if (request.routeOptions.url === USERINFO_ROUTE) {
      reply.header('access-control-allow-origin', '*').header('access-control-expose-headers', 'WWW-Authenticate');
    }
    done();
  });
}

/** The answer to a CORS preflight (Fetch standard §3.2.3): what a cross-origin call may send. */
export function allowPreflight(reply: FastifyReply): void {
  reply
    .header('access-control-allow-methods', 'GET, POST, OPTIONS')
    .header('access-control-allow-headers', 'Authorization, Content-Type')
    .header('access-control-max-age', '600');
}
