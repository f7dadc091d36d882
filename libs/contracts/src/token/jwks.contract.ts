import { z } from 'zod';
import { requestContract } from '../contract';

/** A public JWK as published at /.well-known/jwks.json (RFC 7517 §4). */
export const publicJwkSchema = z
  .object({
    kty: z.string(),
    kid: z.string(),
    use: z.literal('sig'),
    alg: z.string(),
  })
  .catchall(z.union([z.string(), z.array(z.string())]));
export type PublicJwk = z.infer<typeof publicJwkSchema>;

export const getJwksRequest = z.object({}).strict();
export const getJwksResponse = z.object({ keys: z.array(publicJwkSchema) });
export const getJwksContract = requestContract(getJwksRequest, getJwksResponse);
