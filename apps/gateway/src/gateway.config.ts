import { commonEnv, envBool, envInt, healthEnv, withIssuer } from '@tessera/config';
import { randomToken } from '@tessera/crypto';
import { z } from 'zod';

export const gatewayConfigSchema = z
  .object({
    ...commonEnv,
    ...healthEnv(9400),
    /** Bearer secret of the /v1 admin API. Required in production; generated (and printed once) in development. */
    ADMIN_API_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
    BODY_LIMIT_BYTES: envInt(65536, { min: 1024, max: 10 * 1024 * 1024 }),
    /** Trust X-Forwarded-* from the proxy in front (an Ingress); off when clients connect directly. */
    TRUST_PROXY: envBool(false),
    DYNAMIC_CLIENT_REGISTRATION: envBool(false),
    /** How long the gateway serves the JWKS from memory before asking the token service again. */
    JWKS_CACHE_SECONDS: envInt(60, { min: 0, max: 3600 }),
  })
  .transform(withIssuer)
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === 'production' && !env.ADMIN_API_KEY) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['ADMIN_API_KEY'],
        message: 'is required in production',
      });
    }
  })
  .transform((env) => ({
    ...env,
    ADMIN_API_KEY: env.ADMIN_API_KEY ?? randomToken(32),
    /** True when the key above was generated for this development run (so the gateway prints it once). */
    adminApiKeyGenerated: env.ADMIN_API_KEY === undefined,
  }));

export type GatewayConfig = z.output<typeof gatewayConfigSchema>;
export const GATEWAY_CONFIG = Symbol('GATEWAY_CONFIG');
