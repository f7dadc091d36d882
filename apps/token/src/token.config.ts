import { commonEnv, databaseEnv, envInt, healthEnv, withIssuer } from '@tessera/config';
import { z } from 'zod';

/**
 * Development-only key for encrypting signing keys at rest. Production refuses it: set
 * SIGNING_KEY_ENCRYPTION_KEY to base64 of 32 random bytes (`openssl rand -base64 32`).
 */
export const DEVELOPMENT_KEY_ENCRYPTION_KEY = 'dGVzc2VyYS1kZXZlbG9wbWVudC1vbmx5LWtleS0zMmI=';

export const tokenConfigSchema = z
  .object({
    ...commonEnv,
    ...databaseEnv,
    ...healthEnv(9402),
    SIGNING_KEY_ENCRYPTION_KEY: z
      .string()
      .default(DEVELOPMENT_KEY_ENCRYPTION_KEY)
      .refine((value) => Buffer.from(value, 'base64').length === 32, 'must be base64 of exactly 32 bytes'),
    SIGNING_ALG: z.enum(['RS256', 'ES256', 'EdDSA']).default('RS256'),
    ACCESS_TOKEN_TTL_SECONDS: envInt(86400, { min: 60 }),
    ID_TOKEN_TTL_SECONDS: envInt(86400, { min: 60 }),
    AUTH_CODE_TTL_SECONDS: envInt(600, { min: 10, max: 600 }),
    REFRESH_TOKEN_TTL_SECONDS: envInt(2592000, { min: 60 }),
    REFRESH_REUSE_GRACE_SECONDS: envInt(2, { min: 0, max: 60 }),
    /**
     * How long a user profile (the ID token's claims, org_id) is served from Redis without asking the accounts
     * service (events invalidate it sooner); the same setting as the userinfo service's.
     */
    PROFILE_CACHE_TTL_SECONDS: envInt(300, { min: 1, max: 86400 }),
  })
  .transform(withIssuer)
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === 'production' && env.SIGNING_KEY_ENCRYPTION_KEY === DEVELOPMENT_KEY_ENCRYPTION_KEY) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['SIGNING_KEY_ENCRYPTION_KEY'],
        message: 'must be set in production (the development default is public)',
      });
    }
  });

export type TokenConfig = z.output<typeof tokenConfigSchema>;
export const TOKEN_CONFIG = Symbol('TOKEN_CONFIG');
