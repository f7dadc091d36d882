import { commonEnv, databaseEnv, healthEnv, withIssuer } from '@tessera/config';
import { z } from 'zod';

export const accountsConfigSchema = z
  .object({
    ...commonEnv,
    ...databaseEnv,
    ...healthEnv(9404),
  })
  .transform(withIssuer);

export type AccountsConfig = z.output<typeof accountsConfigSchema>;
export const ACCOUNTS_CONFIG = Symbol('ACCOUNTS_CONFIG');
