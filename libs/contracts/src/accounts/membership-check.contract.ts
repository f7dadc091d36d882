import { z } from 'zod';
import { requestContract } from '../contract';
import { organizationSummarySchema } from './user-profile.contract';

/**
 * Is this user a member of this organization, and with which role? For the authorize service, which may bind
 * an organization to a grant only for its members. An unknown user or organization is simply "not a member".
 */
export const checkMembershipRequest = z
  .object({ userId: z.string().min(1).max(64), organizationId: z.string().min(1).max(64) })
  .strict();
export const checkMembershipResponse = z.object({
  member: z.boolean(),
  /** The organization with the user's role; null when `member` is false. */
  organization: organizationSummarySchema.nullable(),
});
export const checkMembershipContract = requestContract(checkMembershipRequest, checkMembershipResponse);
