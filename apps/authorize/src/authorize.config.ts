import { commonEnv, databaseEnv, healthEnv, withIssuer } from '@tessera/config';
import { z } from 'zod';

export const authorizeConfigSchema = z
  .object({
    ...commonEnv,
    ...databaseEnv,
    ...healthEnv(9401),
  })
  .transform(withIssuer);

export type AuthorizeConfig = z.output<typeof authorizeConfigSchema>;
export const AUTHORIZE_CONFIG = Symbol('AUTHORIZE_CONFIG');
