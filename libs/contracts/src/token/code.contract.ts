import { z } from 'zod';
import { requestContract } from '../contract';

/**
 * The grant snapshot the authorize service hands over when the user has signed in and consented; the token
 * service stores it with a new single-use code and returns the code.
 */
export const mintCodeRequest = z
  .object({
    clientId: z.string().min(1),
    userId: z.string().min(1),
    redirectUri: z.string().min(1),
    scopes: z.array(z.string()),
    codeChallenge: z.string().min(43).max(128).optional(),
    codeChallengeMethod: z.literal('S256').optional(),
    nonce: z.string().max(512).optional(),
    /** Unix seconds of the user's last authentication (the ID token's auth_time). */
    authTime: z.number().int(),
    organizationId: z.string().optional(),
    /** RFC 8707 resource indicators requested at authorize. */
    resources: z.array(z.string()).optional(),
    /** The authorize service's consent/grant reference, so revoking consent revokes the tokens. */
    consentId: z.string().optional(),
  })
  .strict();
export const mintCodeResponse = z.object({ code: z.string() });
export const mintCodeContract = requestContract(mintCodeRequest, mintCodeResponse);
