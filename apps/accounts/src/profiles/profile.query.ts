/**
 * A user's profile with their primary address and, when $2 names an organization they belong to, that
 * organization and their role: one statement on primary keys and the (organization_id, user_id) key. It runs
 * for every userinfo call that misses the cache.
 */
export const PROFILE_QUERY = `
  SELECT u.id, u.username, u.first_name AS "firstName", u.last_name AS "lastName", u.image_url AS "imageUrl",
         e.email AS "primaryEmail", e.verification_status = 'verified' AS "emailVerified",
         u.public_metadata AS "publicMetadata", u.private_metadata AS "privateMetadata",
         u.unsafe_metadata AS "unsafeMetadata", u.updated_at AS "updatedAt",
         o.id AS "organizationId", o.name AS "organizationName", o.slug AS "organizationSlug",
         m.role AS "organizationRole"
    FROM accounts.users u
    LEFT JOIN accounts.email_addresses e ON e.id = u.primary_email_address_id
    LEFT JOIN accounts.organization_memberships m ON m.user_id = u.id AND m.organization_id = $2
    LEFT JOIN accounts.organizations o ON o.id = m.organization_id
   WHERE u.id = $1`;
