import { commonEnv, databaseEnv, envInt, healthEnv, withIssuer } from '@tessera/config';
import { z } from 'zod';

/**
 * Development-only key for encrypting webhook signing secrets at rest. Production refuses it: set
 * WEBHOOK_SECRET_ENCRYPTION_KEY to base64 of 32 random bytes (`openssl rand -base64 32`).
 */
export const DEVELOPMENT_WEBHOOK_SECRET_ENCRYPTION_KEY = 'dGVzc2VyYS1kZXZlbG9wbWVudC13ZWJob29rcy1rZXk=';

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
    /**
     * Encrypts webhook signing secrets at rest (AES-256-GCM). A hash would not do: signing needs the secret.
     */
    WEBHOOK_SECRET_ENCRYPTION_KEY: z
      .string()
      .default(DEVELOPMENT_WEBHOOK_SECRET_ENCRYPTION_KEY)
      .refine((value) => Buffer.from(value, 'base64').length === 32, 'must be base64 of exactly 32 bytes'),
    /** Attempts per webhook delivery, the first included, before it is recorded as failed. */
    WEBHOOK_MAX_ATTEMPTS: envInt(8, { min: 1, max: 20 }),
    /** Wait before the first retry; each later one waits 4 times longer (capped at 6 hours). */
    WEBHOOK_RETRY_BASE_MS: envInt(5000, { min: 50, max: 3_600_000 }),
  })
  .transform(withIssuer)
  .superRefine((env, ctx) => {
    if (
      env.NODE_ENV === 'production' &&
      env.WEBHOOK_SECRET_ENCRYPTION_KEY === DEVELOPMENT_WEBHOOK_SECRET_ENCRYPTION_KEY
    ) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['WEBHOOK_SECRET_ENCRYPTION_KEY'],
        message: 'must be set in production (the development default is public)',
      });
    }
  });

export type AccountsConfig = z.output<typeof accountsConfigSchema>;
export const ACCOUNTS_CONFIG = Symbol('ACCOUNTS_CONFIG');
