import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Context } from '@opentelemetry/api';
import { SPAN_ATTRIBUTES, tracer } from '@tessera/tracing';
import type { FastifyInstance, FastifyRequest } from 'fastify';

/**
 * A server span per HTTP request, installed only when tracing is on. It is named and labelled by method, route
 * pattern and status: never the raw URL, whose path holds ids and whose query may hold a code or a token. The
 * handler runs inside the span, so the NATS requests it makes are its children.
 *
 * An incoming `traceparent` is followed only behind a trusted proxy (`TRUST_PROXY`), as X-Forwarded-* is: from
 * the open internet it would let any client pick the trace a request is recorded in.
 */
export function registerHttpTracing(fastify: FastifyInstance, trustIncomingContext: boolean): void {
  const requestContexts = new WeakMap<FastifyRequest, Context>();

  fastify.addHook('onRequest', (request, _reply, done) => {
    const parent = trustIncomingContext ? propagation.extract(ROOT_CONTEXT, request.headers) : ROOT_CONTEXT;
    const span = tracer.startSpan(
      request.method,
      { kind: SpanKind.SERVER, attributes: { [SPAN_ATTRIBUTES.httpMethod]: request.method } },
      parent,
    );
    requestContexts.set(request, trace.setSpan(parent, span));
    done();
  });

  // The span is entered here, just before the handler, not at onRequest: the body is parsed in the socket's
  // async context, which would drop a context entered earlier.
  fastify.addHook('preHandler', (request, _reply, done) => {
    const requestContext = requestContexts.get(request);
    if (requestContext) context.with(requestContext, done);
    else done();
  });

  fastify.addHook('onResponse', (request, reply, done) => {
    const span = trace.getSpan(requestContexts.get(request) ?? ROOT_CONTEXT);
    if (span) {
      const route = request.routeOptions.url;
      if (route) {
        span.updateName(`${request.method} ${route}`);
        span.setAttribute(SPAN_ATTRIBUTES.httpRoute, route);
      }
      span.setAttribute(SPAN_ATTRIBUTES.httpStatusCode, reply.statusCode);
      if (reply.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    }
    done();
  });
}
