import { z } from 'zod';
import { requestContract } from '../contract';

/**
 * Revoking every grant tied to a consent, a user or a client (consent revoked, user or application deleted).
 * Idempotent: already revoked grants are not counted again.
 */
export const revokedGrantsResponse = z.object({ revokedGrants: z.number().int() });

export const revokeGrantsForConsentRequest = z.object({ consentId: z.string().min(1).max(256) }).strict();
export const revokeGrantsForUserRequest = z.object({ userId: z.string().min(1).max(64) }).strict();
export const revokeGrantsForClientRequest = z.object({ clientId: z.string().min(1).max(256) }).strict();

export const revokeGrantsForConsentContract = requestContract(revokeGrantsForConsentRequest, revokedGrantsResponse);
export const revokeGrantsForUserContract = requestContract(revokeGrantsForUserRequest, revokedGrantsResponse);
export const revokeGrantsForClientContract = requestContract(revokeGrantsForClientRequest, revokedGrantsResponse);
