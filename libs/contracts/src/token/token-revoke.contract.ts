import { z } from 'zod';
import { requestContract } from '../contract';

/**
 * RFC 7009 §2.1 after client authentication: revoking any token of a grant (opaque or JWT access token, refresh
 * token) revokes the whole grant. The hint is only a hint: token formats are self-describing.
 */
export const revokeTokenRequest = z
  .object({
    clientId: z.string().min(1).max(256),
    token: z.string().min(1).max(8192),
    tokenTypeHint: z.string().max(64).optional(),
  })
  .strict();
/**
 * `revoked` is false for unknown, expired, malformed or other clients' tokens; the gateway answers 200 either
 * way (RFC 7009 §2.2), the flag is for logs and tests.
 */
export const revokeTokenResponse = z.object({ revoked: z.boolean() });
export const revokeTokenContract = requestContract(revokeTokenRequest, revokeTokenResponse);
