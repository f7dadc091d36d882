import { REQUEST_ID_HEADER, runWithRequestContext } from '@tessera/logging';
import type { FastifyInstance } from 'fastify';

/**
 * Gives every request a request context whose id (Fastify's `request.id`, taken from a sane incoming
 * `x-request-id` or generated) is echoed to the client and sent on to every service over NATS headers.
 *
 * The id is echoed as soon as the request is routed, so refusals before the handler carry it too. The context is
 * entered just before the handler (Nest's whole pipeline runs inside Fastify's handler), not earlier: the body is
 * parsed in the socket's async context, which would drop a context entered at onRequest. Fastify hooks rather
 * than a Nest interceptor: on Node 20 each interceptor costs an `AsyncResource.bind` per request.
 */
export function registerRequestContext(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    reply.header(REQUEST_ID_HEADER, request.id);
    done();
  });
  fastify.addHook('preHandler', (request, _reply, done) => {
    runWithRequestContext({ requestId: request.id }, done);
  });
}
