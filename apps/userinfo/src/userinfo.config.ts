import { commonEnv, healthEnv, withIssuer } from '@tessera/config';
import { z } from 'zod';

export const userinfoConfigSchema = z
  .object({
    ...commonEnv,
    ...healthEnv(9403),
  })
  .transform(withIssuer);

export type UserinfoConfig = z.output<typeof userinfoConfigSchema>;
export const USERINFO_CONFIG = Symbol('USERINFO_CONFIG');
