import type { MembershipView, OrganizationView } from '@tessera/contracts';

/** Clerk's Backend API `Organization` object, with the fields Tessera keeps. Timestamps are Unix milliseconds. */
export function toClerkOrganization(organization: OrganizationView) {
  return {
    object: 'organization' as const,
    id: organization.id,
    name: organization.name,
    slug: organization.slug,
    members_count: organization.membersCount,
    public_metadata: organization.publicMetadata,
    private_metadata: organization.privateMetadata,
    created_by: organization.createdBy,
    created_at: organization.createdAt,
    updated_at: organization.updatedAt,
  };
}

/** Clerk's `OrganizationMembership` object. */
export function toClerkMembership(membership: MembershipView) {
  return {
    object: 'organization_membership' as const,
    id: membership.id,
    role: membership.role,
    organization: toClerkOrganization(membership.organization),
    public_user_data: {
      user_id: membership.publicUserData.userId,
      first_name: membership.publicUserData.firstName,
      last_name: membership.publicUserData.lastName,
      image_url: membership.publicUserData.imageUrl,
      identifier: membership.publicUserData.identifier,
    },
    created_at: membership.createdAt,
    updated_at: membership.updatedAt,
  };
}
