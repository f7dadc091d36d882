import { commonEnv, databaseEnv, envInt, healthEnv, withIssuer } from '@tessera/config';
import { z } from 'zod';

export const accountsConfigSchema = z
  .object({
    ...commonEnv,
    ...databaseEnv,
    ...healthEnv(9404),
    /**
     * argon2id cost. Defaults are OWASP's first recommendation (19 MiB, 2 passes, 1 lane). Raising them makes
     * existing hashes rehash on the user's next successful sign-in.
     */
    PASSWORD_HASH_MEMORY_KIB: envInt(19456, { min: 8192, max: 1048576 }),
    PASSWORD_HASH_TIME_COST: envInt(2, { min: 1, max: 20 }),
    PASSWORD_HASH_PARALLELISM: envInt(1, { min: 1, max: 16 }),
  })
  .transform(withIssuer);

export type AccountsConfig = z.output<typeof accountsConfigSchema>;
export const ACCOUNTS_CONFIG = Symbol('ACCOUNTS_CONFIG');
