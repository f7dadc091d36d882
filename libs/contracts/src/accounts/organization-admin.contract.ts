import { z } from 'zod';
import { requestContract } from '../contract';
import { deletedResponse, idSchema, metadataSchema, pageOf, paginationFields } from './metadata';

/*
 * The admin API's organizations and memberships (Clerk's `/v1/organizations`) as messages to the accounts
 * service. As for users, schemas check types; the service applies the rules and answers Clerk-style errors
 * whose `param` is the admin API's parameter name.
 */

export const organizationRoleSchema = z.enum(['org:admin', 'org:member']);
export type OrganizationRole = z.infer<typeof organizationRoleSchema>;

export const organizationViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  slug: z.string(),
  membersCount: z.number().int(),
  publicMetadata: metadataSchema,
  privateMetadata: metadataSchema,
  /** The user the organization was created for, if any (kept after that user is deleted, as Clerk does). */
  createdBy: z.string().nullable(),
  /** Unix milliseconds. */
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
});
export type OrganizationView = z.infer<typeof organizationViewSchema>;

export const membershipViewSchema = z.object({
  id: z.string(),
  role: organizationRoleSchema,
  organization: organizationViewSchema,
  publicUserData: z.object({
    userId: z.string(),
    firstName: z.string().nullable(),
    lastName: z.string().nullable(),
    imageUrl: z.string().nullable(),
    /** The user's primary email address. */
    identifier: z.string().nullable(),
  }),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
});
export type MembershipView = z.infer<typeof membershipViewSchema>;

export const createOrganizationRequest = z
  .object({
    name: z.string().min(1).max(256),
    /** Generated from the name when absent (made unique with a numeric suffix); an explicit slug must be free. */
    slug: z.string().min(1).max(64).optional(),
    /** A user id; that user becomes the organization's first `org:admin`. */
    createdBy: idSchema.optional(),
    publicMetadata: metadataSchema.optional(),
    privateMetadata: metadataSchema.optional(),
  })
  .strict();
export const createOrganizationContract = requestContract(createOrganizationRequest, organizationViewSchema);

/** The body of PATCH /v1/organizations/{id}. */
export const updateOrganizationFields = z
  .object({
    name: z.string().min(1).max(256).optional(),
    slug: z.string().min(1).max(64).optional(),
    publicMetadata: metadataSchema.optional(),
    privateMetadata: metadataSchema.optional(),
  })
  .strict();
export const updateOrganizationRequest = updateOrganizationFields.extend({ organizationId: idSchema }).strict();
export const updateOrganizationContract = requestContract(updateOrganizationRequest, organizationViewSchema);

/** `organizationId` may also be the slug, as in Clerk's GET /organizations/{organization_id}. */
export const getOrganizationRequest = z.object({ organizationId: idSchema }).strict();
export const getOrganizationContract = requestContract(getOrganizationRequest, organizationViewSchema);

export const deleteOrganizationRequest = z.object({ organizationId: idSchema }).strict();
export const deleteOrganizationContract = requestContract(deleteOrganizationRequest, deletedResponse);

export const listOrganizationsRequest = z
  .object({
    ...paginationFields,
    /** Case-insensitive substring of the name or slug; or an exact organization id. */
    query: z.string().max(256).optional(),
  })
  .strict();
export const listOrganizationsContract = requestContract(listOrganizationsRequest, pageOf(organizationViewSchema));

export const createMembershipRequest = z
  .object({ organizationId: idSchema, userId: idSchema, role: organizationRoleSchema })
  .strict();
export const createMembershipContract = requestContract(createMembershipRequest, membershipViewSchema);

export const updateMembershipRequest = z
  .object({ organizationId: idSchema, userId: idSchema, role: organizationRoleSchema })
  .strict();
export const updateMembershipContract = requestContract(updateMembershipRequest, membershipViewSchema);

/** Answers the membership as it was before it was removed, as Clerk does. */
export const deleteMembershipRequest = z.object({ organizationId: idSchema, userId: idSchema }).strict();
export const deleteMembershipContract = requestContract(deleteMembershipRequest, membershipViewSchema);

export const listOrganizationMembershipsRequest = z.object({ organizationId: idSchema, ...paginationFields }).strict();
export const listOrganizationMembershipsContract = requestContract(
  listOrganizationMembershipsRequest,
  pageOf(membershipViewSchema),
);

export const listUserMembershipsRequest = z.object({ userId: idSchema, ...paginationFields }).strict();
export const listUserMembershipsContract = requestContract(listUserMembershipsRequest, pageOf(membershipViewSchema));
