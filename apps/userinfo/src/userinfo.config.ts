import { commonEnv, envInt, healthEnv, withIssuer } from '@tessera/config';
import { z } from 'zod';

export const userinfoConfigSchema = z
  .object({
    ...commonEnv,
    ...healthEnv(9403),
    /**
     * The access-token lifetime: the same setting as the token service's (one shared value in the deployment's
     * config), read here to know how long a revoked grant must be remembered for the JWT access tokens it may
     * still have out there.
     */
    ACCESS_TOKEN_TTL_SECONDS: envInt(86400, { min: 60 }),
    /** How long a user profile is served from Redis without asking the accounts service (events invalidate it). */
    PROFILE_CACHE_TTL_SECONDS: envInt(300, { min: 1, max: 86400 }),
    /**
     * How long the token service's JWKS is used before it is fetched again (an unknown `kid` refetches sooner);
     * the same setting as the gateway's.
     */
    JWKS_CACHE_SECONDS: envInt(60, { min: 0, max: 3600 }),
    /** Leeway for `exp` and `nbf` of JWT access tokens, for clocks that drift between hosts. */
    JWT_CLOCK_TOLERANCE_SECONDS: envInt(5, { min: 0, max: 300 }),
  })
  .transform(withIssuer);

export type UserinfoConfig = z.output<typeof userinfoConfigSchema>;
export const USERINFO_CONFIG = Symbol('USERINFO_CONFIG');
