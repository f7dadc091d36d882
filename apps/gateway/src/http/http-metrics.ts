import type { ServiceMetrics } from '@tessera/health';
import type { FastifyInstance } from 'fastify';
import { Histogram } from 'prom-client';

/** HTTP requests by route (the route pattern, never the raw URL) and status, with latency. */
export function registerHttpMetrics(fastify: FastifyInstance, metrics: ServiceMetrics): void {
  const histogram = new Histogram({
    name: 'tessera_http_request_duration_seconds',
    help: 'HTTP requests served by the gateway, by method, route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [metrics.registry],
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    histogram.observe(
      {
        method: request.method,
        route: request.routeOptions.url ?? 'unmatched',
        status: String(reply.statusCode),
      },
      reply.elapsedTime / 1000,
    );
    done();
  });
}
