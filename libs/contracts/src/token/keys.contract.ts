import { z } from 'zod';
import { requestContract } from '../contract';

/**
 * Creates a new active signing key. The previous one keeps verifying: it stays in the JWKS until every token
 * it signed has expired.
 */
export const rotateKeysRequest = z.object({}).strict();
export const rotateKeysResponse = z.object({
  kid: z.string(),
  alg: z.string(),
  /** Unix milliseconds. */
  createdAt: z.number().int(),
});
export const rotateKeysContract = requestContract(rotateKeysRequest, rotateKeysResponse);
