import type { DynamicModule, INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { ServiceName } from '@tessera/contracts';
import { NestPinoLogger, type Logger } from '@tessera/logging';
import {
  directHandlersOf,
  NATS_CONNECTION,
  RpcClient,
  RpcErrorFilter,
  RpcTracingInterceptor,
  TesseraNatsServer,
} from '@tessera/nats';
import type { NatsConnection } from 'nats';
import type { Server } from 'node:http';
import { HealthRegistry, ServiceMetrics, startHealthServer } from '@tessera/health';

export interface ServiceSettings {
  service: ServiceName;
  natsUrl: string;
  healthPort: number;
  logger: Logger;
  /** A server span per message (tracing is on: OTEL_EXPORTER_OTLP_ENDPOINT is set). */
  tracing: boolean;
}

export interface RunningService {
  app: INestMicroservice;
  healthServer: Server;
  close(): Promise<void>;
}

/**
 * Boots one NATS microservice: Nest app on the service's queue group, the shared error filter and request
 * context, NATS metrics (and spans when tracing is on), a `nats` readiness check, and the probe port. Signals
 * are the caller's business (see `runUntilSignal`) so that tests can boot services in-process.
 */
export async function startService(rootModule: DynamicModule, settings: ServiceSettings): Promise<RunningService> {
  const { service, logger } = settings;
  const metrics = new ServiceMetrics(service);
  const server = new TesseraNatsServer({ url: settings.natsUrl, queue: service, connectionName: service }, logger);
  server.onHandled((subject, outcome) => metrics.natsHandled.inc({ subject, outcome }));
  const app = await NestFactory.createMicroservice(rootModule, {
    strategy: server,
    logger: new NestPinoLogger(logger),
    abortOnError: false,
  });
  // The Nest pipeline stays for any subject without a direct handler; the @Handles methods of the root module's
  // controllers (every service declares its controllers there) are called directly (see TesseraNatsServer).
  app.useGlobalFilters(new RpcErrorFilter(logger));
  if (settings.tracing) app.useGlobalInterceptors(new RpcTracingInterceptor());
  const controllers = (rootModule.controllers ?? []).map((controller) => app.get<object>(controller));
  server.useDirectHandlers(directHandlersOf(controllers), { tracing: settings.tracing });
  await app.listen();

  const connection = app.get<NatsConnection>(NATS_CONNECTION);
  app
    .get(RpcClient)
    .observe((subject, outcome, seconds) => metrics.natsRequests.observe({ subject, outcome }, seconds));
  const health = app.get(HealthRegistry);
  health.register('nats', async () => {
    await connection.flush();
  });
  const healthServer = await startHealthServer(settings.healthPort, health, metrics);
  logger.info({ healthPort: settings.healthPort }, `${service} service ready`);

  return {
    app,
    healthServer,
    async close() {
      await new Promise<void>((resolve) => healthServer.close(() => resolve()));
      await app.close();
    },
  };
}

/**
 * For a process's main(): start, then shut down cleanly on SIGINT/SIGTERM (drain NATS, close pools), with a
 * hard deadline so a stuck dependency cannot keep the process alive. A failed start is one log line and exit 1.
 */
export async function runUntilSignal(
  start: () => Promise<{ close(): Promise<void> }>,
  logger: Logger,
  shutdownDeadlineMs = 8000,
): Promise<void> {
  let running: { close(): Promise<void> };
  try {
    running = await start();
  } catch (error) {
    logger.fatal({ err: error }, `failed to start: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    setTimeout(() => {
      logger.error('shutdown deadline passed; exiting');
      process.exit(1);
    }, shutdownDeadlineMs).unref();
    running
      .close()
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        logger.error({ err: error }, 'error during shutdown');
        process.exit(1);
      });
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}
