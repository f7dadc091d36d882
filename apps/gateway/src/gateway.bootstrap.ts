import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { NestPinoLogger, REQUEST_ID_HEADER, requestIdFrom, type Logger } from '@tessera/logging';
import { NATS_CONNECTION, RpcClient } from '@tessera/nats';
import { HealthRegistry, ServiceMetrics, startHealthServer } from '@tessera/health';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { NatsConnection } from 'nats';
import type { IncomingMessage, Server } from 'node:http';
import type { GatewayConfig } from './gateway.config';
import { GatewayModule } from './gateway.module';
import { serviceStatus } from './health/service-status';
import { registerAdminKeyCheck } from './admin/admin-auth.guard';
import { answerClientError } from './http/client-error';
import { GatewayExceptionFilter } from './http/gateway-exception.filter';
import { registerHttpMetrics } from './http/http-metrics';
import { registerHttpTracing } from './http/http-tracing';
import { installLeanAsyncResourceBind } from './http/lean-async-resource-bind';
import { registerBodyParsers } from './http/body-parsers';
import { registerNulRefusal } from './http/nul-refusal';
import { registerRequestContext } from './http/request-context';
import { applySecurityHeaders, registerSecurityHeaders } from './http/security-headers';
import { registerHotRoutes } from './oauth/hot-routes';
import { registerUserinfoCors } from './oauth/userinfo/userinfo-cors';
import { usePageErrorRenderers } from './pages/page-error.renderer';

export interface RunningGateway {
  app: NestFastifyApplication;
  /** The base URL the gateway listens on (useful when PORT=0). */
  url: string;
  healthServer: Server;
  close(): Promise<void>;
}

/** Boots the public HTTP edge: Fastify, hardened defaults, error mapping, the probe port. */
export async function startGateway(config: GatewayConfig, logger: Logger): Promise<RunningGateway> {
  const adapter = new FastifyAdapter({
    bodyLimit: config.BODY_LIMIT_BYTES,
    trustProxy: config.TRUST_PROXY,
    routerOptions: { maxParamLength: 256 },
    return503OnClosing: true,
    genReqId: (request: IncomingMessage) => requestIdFrom(request.headers[REQUEST_ID_HEADER]),
    // Requests Fastify refuses before routing (a path that is not UTF-8, a path parameter over maxParamLength)
    // and requests Node's parser refuses get the same error shapes as everything else, never Fastify's own.
    frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      applySecurityHeaders(request, reply, config.ISSUER);
      filter.handle(error, request, reply);
    },
    clientErrorHandler: answerClientError,
  });
  const app = await NestFactory.create<NestFastifyApplication>(GatewayModule.register(config, logger), adapter, {
    logger: new NestPinoLogger(logger),
    abortOnError: false,
    bodyParser: false, // see http/body-parsers.ts
  });
  const fastify = app.getHttpAdapter().getInstance();
  // First, so that a request refused by any later hook still has its span.
  if (config.OTEL_EXPORTER_OTLP_ENDPOINT) registerHttpTracing(fastify, config.TRUST_PROXY);
  registerRequestContext(fastify);
  installLeanAsyncResourceBind();
  registerBodyParsers(fastify, config.BODY_LIMIT_BYTES);
  registerNulRefusal(fastify);
  registerAdminKeyCheck(fastify, config.ADMIN_API_KEY);
  registerUserinfoCors(fastify);

  const metrics = new ServiceMetrics('gateway');
  const filter = new GatewayExceptionFilter(logger, config.ISSUER, metrics);
  usePageErrorRenderers(filter);
  app.useGlobalFilters(filter);
  registerSecurityHeaders(fastify, config.ISSUER);

  registerHttpMetrics(fastify, metrics);
  registerHotRoutes(app);
  const rpc = app.get(RpcClient);
  rpc.observe((subject, outcome, seconds) => metrics.natsRequests.observe({ subject, outcome }, seconds));

  await app.listen(config.PORT, '0.0.0.0');
  const address = fastify.server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;

  const health = app.get(HealthRegistry);
  const connection = app.get<NatsConnection>(NATS_CONNECTION);
  health.register('nats', async () => {
    await connection.flush();
  });
  const healthServer = await startHealthServer(config.HEALTH_PORT, health, metrics, {
    '/status': () => serviceStatus(rpc),
  });
  logger.info({ port, healthPort: config.HEALTH_PORT, issuer: config.ISSUER }, 'gateway ready');
  if (config.adminApiKeyGenerated) printGeneratedAdminKey(config.ADMIN_API_KEY);

  return {
    app,
    url: `http://127.0.0.1:${port}`,
    healthServer,
    async close() {
      await new Promise<void>((resolve) => healthServer.close(() => resolve()));
      await app.close();
    },
  };
}

/** Development only (production requires ADMIN_API_KEY): shown on the console once, never logged. */
function printGeneratedAdminKey(key: string): void {
  process.stdout.write(
    `\nNo ADMIN_API_KEY set: this run's admin API key is\n\n    ${key}\n\n` +
      `Use it as "Authorization: Bearer <key>" on /v1. Set ADMIN_API_KEY to keep one across restarts.\n\n`,
  );
}
