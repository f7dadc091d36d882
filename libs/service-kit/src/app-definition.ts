import type { Logger } from '@tessera/logging';
import type { z } from 'zod';

export interface RunningApp {
  close(): Promise<void>;
}

/**
 * One Tessera process: its name, its config schema and how it starts. `main.ts` runs it with `runMain`; tests
 * boot the same definition in-process with their own environment.
 */
export interface AppDefinition<S extends z.ZodTypeAny = z.ZodTypeAny, R extends RunningApp = RunningApp> {
  name: string;
  configSchema: S;
  start(config: z.output<S>, logger: Logger): Promise<R>;
  /** For services that own a Postgres schema: `--migrate-only` applies pending migrations and exits. */
  migrate?(config: z.output<S>, logger: Logger): Promise<void>;
}
