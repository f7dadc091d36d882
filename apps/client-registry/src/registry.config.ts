import { commonEnv, databaseEnv, envInt, healthEnv, withIssuer } from '@tessera/config';
import { z } from 'zod';

export const registryConfigSchema = z
  .object({
    ...commonEnv,
    ...databaseEnv,
    ...healthEnv(9405),
    /** Dynamic Client Registration: clients one source address may register per window (default 30). */
    DCR_RATE_LIMIT_PER_WINDOW: envInt(30, { min: 1, max: 100_000 }),
    /** The length of that window in seconds (default 600: 30 registrations per 10 minutes). */
    DCR_RATE_LIMIT_WINDOW_SECONDS: envInt(600, { min: 1, max: 86_400 }),
  })
  .transform(withIssuer);

export type RegistryConfig = z.output<typeof registryConfigSchema>;
export const REGISTRY_CONFIG = Symbol('REGISTRY_CONFIG');
