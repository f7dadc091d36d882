import type { DynamicModule } from '@nestjs/common';
import { loadConfigOrExit } from '@tessera/config';
import type { ServiceName } from '@tessera/contracts';
import { runMigrationsOnly, type ServiceDatabaseOptions } from '@tessera/database';
import { createLogger, type Logger } from '@tessera/logging';
import { startTracing } from '@tessera/tracing';
import type { z } from 'zod';
import type { AppDefinition, RunningApp } from './app-definition';
import { runUntilSignal, startService, type RunningService } from './run-service';

interface BaseServiceConfig {
  LOG_LEVEL: string;
  NATS_URL: string;
  HEALTH_PORT: number;
  DATABASE_URL?: string;
  OTEL_EXPORTER_OTLP_ENDPOINT?: string;
}

type ServiceConfigSchema = z.ZodType<BaseServiceConfig, z.ZodTypeDef, unknown>;

export interface ServiceDefinitionInput<S extends ServiceConfigSchema> {
  service: ServiceName;
  configSchema: S;
  rootModule: (config: z.output<S>, logger: Logger) => DynamicModule;
  /** For services that own a Postgres schema. */
  database?: Pick<ServiceDatabaseOptions, 'schema' | 'entities' | 'migrations'>;
}

/** Turns a service's module and schema into an AppDefinition (NATS microservice + probe port). */
export function defineService<S extends ServiceConfigSchema>(
  input: ServiceDefinitionInput<S>,
): AppDefinition<S, RunningService> {
  const { database } = input;
  return {
    name: input.service,
    configSchema: input.configSchema,
    start: (config, logger) =>
      startService(input.rootModule(config, logger), {
        service: input.service,
        natsUrl: config.NATS_URL,
        healthPort: config.HEALTH_PORT,
        logger,
        tracing: config.OTEL_EXPORTER_OTLP_ENDPOINT !== undefined,
      }),
    migrate:
      database &&
      ((config, logger) => runMigrationsOnly({ url: config.DATABASE_URL ?? '', poolSize: 1, ...database }, logger)),
  };
}

/**
 * A process's main(): validate the environment (one line and exit 1 on a bad variable), then either run the
 * migrations and exit (`--migrate-only`, the Kubernetes Job) or serve until SIGINT/SIGTERM, traced as
 * `service.name` = the app's name when OTEL_EXPORTER_OTLP_ENDPOINT is set (the spans still buffered are sent
 * after the app has closed).
 */
export function runMain<
  S extends z.ZodType<{ LOG_LEVEL: string; OTEL_EXPORTER_OTLP_ENDPOINT?: string }, z.ZodTypeDef, unknown>,
  R extends RunningApp,
>(app: AppDefinition<S, R>): void {
  const config = loadConfigOrExit(app.configSchema);
  const logger = createLogger(app.name, config.LOG_LEVEL);
  if (process.argv.includes('--migrate-only')) {
    if (!app.migrate) {
      logger.info(`${app.name} owns no database schema; nothing to migrate`);
      return;
    }
    void app.migrate(config, logger);
    return;
  }
  const tracing = startTracing(app.name, config.OTEL_EXPORTER_OTLP_ENDPOINT);
  void runUntilSignal(async () => {
    const running = await app.start(config, logger);
    return {
      async close() {
        try {
          await running.close();
        } finally {
          await tracing.shutdown().catch((error: unknown) => logger.warn({ err: error }, 'could not flush the spans'));
        }
      },
    };
  }, logger);
}
