import { Injectable } from '@nestjs/common';
import {
  ResourceNotFoundError,
  type OrganizationRole,
  type OrganizationSummary,
  type UserProfile,
} from '@tessera/contracts';
import { DataSource } from 'typeorm';
import { unixSeconds } from '../common/timestamps';
import { PROFILE_QUERY } from './profile.query';

interface ProfileRow {
  id: string;
  username: string | null;
  firstName: string | null;
  lastName: string | null;
  imageUrl: string | null;
  primaryEmail: string | null;
  emailVerified: boolean | null;
  publicMetadata: UserProfile['publicMetadata'];
  privateMetadata: UserProfile['privateMetadata'];
  unsafeMetadata: UserProfile['unsafeMetadata'];
  updatedAt: Date;
  organizationId: string | null;
  organizationName: string | null;
  organizationSlug: string | null;
  organizationRole: OrganizationRole | null;
}

interface MembershipRow {
  id: string;
  name: string;
  slug: string;
  role: OrganizationRole;
}

/**
 * What other services read about a user: the claims source for userinfo and ID tokens (on the userinfo hot
 * path: one indexed query per lookup), the user's organizations, and membership checks.
 */
@Injectable()
export class ProfileService {
  constructor(private readonly dataSource: DataSource) {}

  /** The user's profile; `organization` only when one was asked for and the user belongs to it. */
  async getProfile(userId: string, organizationId?: string): Promise<UserProfile> {
    const [row] = await this.dataSource.query<ProfileRow[]>(PROFILE_QUERY, [userId, organizationId ?? null]);
    if (!row) throw new ResourceNotFoundError('User not found');
    return {
      id: row.id,
      username: row.username,
      firstName: row.firstName,
      lastName: row.lastName,
      imageUrl: row.imageUrl,
      primaryEmail: row.primaryEmail,
      emailVerified: row.emailVerified === true,
      publicMetadata: row.publicMetadata,
      privateMetadata: row.privateMetadata,
      unsafeMetadata: row.unsafeMetadata,
      updatedAt: unixSeconds(row.updatedAt),
      organization:
        row.organizationId && row.organizationName && row.organizationSlug && row.organizationRole
          ? {
              id: row.organizationId,
              name: row.organizationName,
              slug: row.organizationSlug,
              role: row.organizationRole,
            }
          : null,
    };
  }

  /** Every organization the user belongs to, oldest membership first. */
  async listOrganizations(userId: string): Promise<{ organizations: OrganizationSummary[] }> {
    const rows = await this.dataSource.query<Array<{ userId: string } & Partial<MembershipRow>>>(
      `SELECT u.id AS "userId", o.id, o.name, o.slug, m.role
         FROM accounts.users u
         LEFT JOIN accounts.organization_memberships m ON m.user_id = u.id
         LEFT JOIN accounts.organizations o ON o.id = m.organization_id
        WHERE u.id = $1
        ORDER BY m.created_at, m.id`,
      [userId],
    );
    if (rows.length === 0) throw new ResourceNotFoundError('User not found');
    return {
      organizations: rows.flatMap(({ id, name, slug, role }) =>
        id && name && slug && role ? [{ id, name, slug, role }] : [],
      ),
    };
  }

  async checkMembership(
    userId: string,
    organizationId: string,
  ): Promise<{ member: boolean; organization: OrganizationSummary | null }> {
    const [row] = await this.dataSource.query<MembershipRow[]>(
      `SELECT o.id, o.name, o.slug, m.role
         FROM accounts.organization_memberships m JOIN accounts.organizations o ON o.id = m.organization_id
        WHERE m.user_id = $1 AND m.organization_id = $2`,
      [userId, organizationId],
    );
    return row ? { member: true, organization: row } : { member: false, organization: null };
  }
}
