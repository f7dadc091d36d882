import { createServer, type Server } from 'node:http';
import type { HealthRegistry } from './health-registry';
import type { ServiceMetrics } from './metrics';

/**
 * The probe port every process opens: /healthz (the process is alive), /readyz (its dependencies answer;
 * 503 otherwise, with which one failed) and /metrics (Prometheus). Kept off the public port on purpose.
 */
export function startHealthServer(
  port: number,
  health: HealthRegistry,
  metrics: ServiceMetrics,
  extraRoutes: Record<string, () => Promise<unknown>> = {},
): Promise<Server> {
  for (const gauge of health.gauges()) metrics.addScrapedGauge(gauge);
  const server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    const send = (status: number, body: unknown, type = 'application/json') => {
      response.writeHead(status, {
        'content-type': type,
        'cache-control': 'no-store',
      });
      response.end(typeof body === 'string' ? body : JSON.stringify(body));
    };
    const route = async () => {
      if (request.method !== 'GET') return send(405, { error: 'method_not_allowed' });
      if (path === '/healthz') return send(200, { status: 'ok' });
      if (path === '/readyz') {
        const report = await health.report();
        return send(report.ok ? 200 : 503, {
          status: report.ok ? 'ready' : 'not_ready',
          checks: report.checks,
        });
      }
      if (path === '/metrics') return send(200, await metrics.registry.metrics(), metrics.registry.contentType);
      const extra = extraRoutes[path];
      if (extra) return send(200, await extra());
      return send(404, { error: 'not_found' });
    };
    route().catch(() => send(500, { error: 'server_error' }));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '0.0.0.0', () => resolve(server));
  });
}
