import { loadConfig } from '@tessera/config';
import { createLogger } from '@tessera/logging';
import type { AppDefinition, RunningApp } from '@tessera/service-kit';
import type { z } from 'zod';

/** Boots an app definition in this process with the given environment (as `main.ts` would with process.env). */
export function bootApp<S extends z.ZodTypeAny, R extends RunningApp>(
  app: AppDefinition<S, R>,
  env: NodeJS.ProcessEnv,
): Promise<R> {
  const config = loadConfig(app.configSchema, env);
  return app.start(config, createLogger(app.name, env.LOG_LEVEL ?? 'silent'));
}
