import { commonEnv, databaseEnv, envInt, healthEnv, withIssuer } from '@tessera/config';
import { z } from 'zod';

export const authorizeConfigSchema = z
  .object({
    ...commonEnv,
    ...databaseEnv,
    ...healthEnv(9401),
    /** Browser session lifetime, sliding: every use of the session restarts it. Default 7 days. */
    SESSION_TTL_SECONDS: envInt(604800, { min: 60, max: 31536000 }),
    /** How long a sign-in or consent page stays usable (the interaction in Redis). Default 10 minutes. */
    INTERACTION_TTL_SECONDS: envInt(600, { min: 60, max: 3600 }),
    /** Failed sign-ins allowed per account identifier within the window before sign-in is refused. */
    SIGN_IN_MAX_FAILURES_PER_ACCOUNT: envInt(5, { min: 1, max: 1000 }),
    /** Failed sign-ins allowed per source address within the window before sign-in is refused. */
    SIGN_IN_MAX_FAILURES_PER_IP: envInt(20, { min: 1, max: 100000 }),
    /** The fixed window of both failure counters. Default 15 minutes. */
    SIGN_IN_THROTTLE_WINDOW_SECONDS: envInt(900, { min: 10, max: 86400 }),
  })
  .transform(withIssuer);

export type AuthorizeConfig = z.output<typeof authorizeConfigSchema>;
export const AUTHORIZE_CONFIG = Symbol('AUTHORIZE_CONFIG');
