import { z } from 'zod';
import { requestContract } from '../contract';

/**
 * The grant snapshot the authorize service hands over when the user has signed in and consented; the token
 * service stores it with a new single-use code and returns the code.
 */
export const mintCodeRequest = z
  .object({
    clientId: z.string().min(1).max(256),
    userId: z.string().min(1).max(64),
    redirectUri: z.string().min(1).max(2048),
    scopes: z.array(z.string().min(1).max(256)).max(100),
    codeChallenge: z.string().min(43).max(128).optional(),
    codeChallengeMethod: z.literal('S256').optional(),
    nonce: z.string().max(512).optional(),
    /** Unix seconds of the user's last authentication (the ID token's auth_time). */
    authTime: z.number().int(),
    organizationId: z.string().min(1).max(64).optional(),
    /** RFC 8707 resource indicators requested at authorize. */
    resources: z.array(z.string().min(1).max(2048)).max(10).optional(),
    /** The authorize service's consent/grant reference, so revoking consent revokes the tokens. */
    consentId: z.string().min(1).max(256).optional(),
  })
  .strict()
  // RFC 7636 §4.3: an omitted method means `plain`, which Tessera does not support; say S256 explicitly.
  .refine((request) => request.codeChallenge === undefined || request.codeChallengeMethod === 'S256', {
    message: 'codeChallengeMethod must be S256 when a codeChallenge is given',
    path: ['codeChallengeMethod'],
  });
export type MintCodeRequest = z.infer<typeof mintCodeRequest>;
export const mintCodeResponse = z.object({ code: z.string() });
export const mintCodeContract = requestContract(mintCodeRequest, mintCodeResponse);
