import { z } from 'zod';
import { requestContract } from '../contract';
import { metadataSchema } from './metadata';

export const organizationSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  slug: z.string(),
  role: z.enum(['org:admin', 'org:member']),
});
export type OrganizationSummary = z.infer<typeof organizationSummarySchema>;

/** What the token and userinfo services need to build claims; they pick fields by granted scope. */
export const userProfileSchema = z.object({
  id: z.string(),
  username: z.string().nullable(),
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  imageUrl: z.string().nullable(),
  primaryEmail: z.string().nullable(),
  emailVerified: z.boolean(),
  publicMetadata: metadataSchema,
  privateMetadata: metadataSchema,
  unsafeMetadata: metadataSchema,
  /** Unix seconds; the OIDC `updated_at` claim. */
  updatedAt: z.number().int(),
  /** Present when an organization was asked for and the user is a member of it. */
  organization: organizationSummarySchema.nullable(),
});
export type UserProfile = z.infer<typeof userProfileSchema>;

export const getUserProfileRequest = z
  .object({ userId: z.string().min(1).max(64), organizationId: z.string().min(1).max(64).optional() })
  .strict();
export const getUserProfileContract = requestContract(getUserProfileRequest, userProfileSchema);

/**
 * Sign-in with an email address or a username. One answer for an unknown identifier, a user without a password
 * and a wrong password alike: `form_password_incorrect` (FormPasswordIncorrectError, 422), in the same time.
 */
export const verifyCredentialsRequest = z
  .object({ identifier: z.string().min(1).max(320), password: z.string().min(1).max(1024) })
  .strict();
export const verifyCredentialsResponse = z.object({ userId: z.string() });
export const verifyCredentialsContract = requestContract(verifyCredentialsRequest, verifyCredentialsResponse);

export const listUserOrganizationsRequest = z.object({ userId: z.string().min(1).max(64) }).strict();
export const listUserOrganizationsResponse = z.object({ organizations: z.array(organizationSummarySchema) });
export const listUserOrganizationsContract = requestContract(
  listUserOrganizationsRequest,
  listUserOrganizationsResponse,
);
