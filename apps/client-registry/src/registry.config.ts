import { commonEnv, databaseEnv, healthEnv, withIssuer } from '@tessera/config';
import { z } from 'zod';

export const registryConfigSchema = z
  .object({
    ...commonEnv,
    ...databaseEnv,
    ...healthEnv(9405),
  })
  .transform(withIssuer);

export type RegistryConfig = z.output<typeof registryConfigSchema>;
export const REGISTRY_CONFIG = Symbol('REGISTRY_CONFIG');
