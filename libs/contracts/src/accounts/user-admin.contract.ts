import { z } from 'zod';
import { requestContract } from '../contract';
import { deletedResponse, idSchema, metadataSchema, pageOf, paginationFields } from './metadata';

/*
 * The admin API's users (Clerk's Backend API `/v1/users`) as messages to the accounts service. Fields are the
 * camelCase forms of Clerk's parameters. Schemas check types and outer bounds only; the service applies the
 * rules (email and username format, password policy, metadata size, uniqueness) and answers each broken rule
 * with a Clerk-style error (`form_*`, 422) whose `param` is the admin API's snake_case parameter name.
 */

export const emailAddressViewSchema = z.object({
  id: z.string(),
  /** Stored and answered in lower case. */
  emailAddress: z.string(),
  /** Admin-created addresses are `verified`: the admin vouches for them. */
  verificationStatus: z.enum(['verified', 'unverified']),
});
export type EmailAddressView = z.infer<typeof emailAddressViewSchema>;

export const userViewSchema = z.object({
  id: z.string(),
  username: z.string().nullable(),
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  imageUrl: z.string().nullable(),
  primaryEmailAddressId: z.string().nullable(),
  emailAddresses: z.array(emailAddressViewSchema),
  publicMetadata: metadataSchema,
  privateMetadata: metadataSchema,
  unsafeMetadata: metadataSchema,
  passwordEnabled: z.boolean(),
  /** Unix milliseconds. */
  createdAt: z.number().int(),
  /** Unix milliseconds. */
  updatedAt: z.number().int(),
});
export type UserView = z.infer<typeof userViewSchema>;

const optionalText = (max: number) => z.string().max(max).nullable().optional();

/** The fields a create and an update share. `null` clears a text field; `""` counts as `null`. */
const userProfileFields = {
  username: optionalText(64),
  firstName: optionalText(256),
  lastName: optionalText(256),
  imageUrl: optionalText(2048),
  password: z.string().max(1024).optional(),
  /** Clerk's switch for migrating users: skips the password strength rules (never the hashing). */
  skipPasswordChecks: z.boolean().optional(),
  publicMetadata: metadataSchema.optional(),
  privateMetadata: metadataSchema.optional(),
  unsafeMetadata: metadataSchema.optional(),
};

export const createUserRequest = z
  .object({
    /** The first address becomes the primary one. */
    emailAddresses: z.array(z.string().max(320)).min(1).max(10),
    ...userProfileFields,
  })
  .strict();
export const createUserContract = requestContract(createUserRequest, userViewSchema);

/** The body of an update (PATCH /v1/users/{id}); the request adds the user id. */
export const updateUserFields = z
  .object({
    ...userProfileFields,
    /** Must be one of the user's own addresses. */
    primaryEmailAddressId: idSchema.optional(),
  })
  .strict();
export const updateUserRequest = updateUserFields.extend({ userId: idSchema }).strict();
export const updateUserContract = requestContract(updateUserRequest, userViewSchema);

export const getUserRequest = z.object({ userId: idSchema }).strict();
export const getUserContract = requestContract(getUserRequest, userViewSchema);

export const deleteUserRequest = z.object({ userId: idSchema }).strict();
export const deleteUserContract = requestContract(deleteUserRequest, deletedResponse);

export const listUsersRequest = z
  .object({
    ...paginationFields,
    /** Only users owning one of these addresses (compared case-insensitively). */
    emailAddresses: z.array(z.string().max(320)).max(100).optional(),
    /** Case-insensitive substring of an email address, username, first or last name; or an exact user id. */
    query: z.string().max(256).optional(),
    orderBy: z.enum(['-created_at', '+created_at']).default('-created_at'),
  })
  .strict();
export const listUsersContract = requestContract(listUsersRequest, pageOf(userViewSchema));

/** Admin check of a user's password: `{verified: true}` or `form_password_incorrect` (422). */
export const verifyUserPasswordRequest = z.object({ userId: idSchema, password: z.string().max(1024) }).strict();
export const verifyUserPasswordContract = requestContract(
  verifyUserPasswordRequest,
  z.object({ verified: z.literal(true) }),
);
