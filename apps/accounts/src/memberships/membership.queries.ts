import type { MembershipView } from '@tessera/contracts';
import type { DataSource } from 'typeorm';
import { unixMs } from '../common/timestamps';
import { organizationColumns, organizationFromRow } from '../organizations/organization.queries';

/** A membership with its organization and the member's public data, in one query (no N+1). */
const MEMBERSHIP_VIEW_SELECT = `
  SELECT m.id, m.role, m.created_at AS "createdAt", m.updated_at AS "updatedAt",
         ${organizationColumns('o', 'o.')},
         u.id AS "userId", u.first_name AS "firstName", u.last_name AS "lastName", u.image_url AS "imageUrl",
         e.email AS identifier
    FROM accounts.organization_memberships m
    JOIN accounts.organizations o ON o.id = m.organization_id
    JOIN accounts.users u ON u.id = m.user_id
    LEFT JOIN accounts.email_addresses e ON e.id = u.primary_email_address_id`;

type MembershipRow = Record<string, unknown> & {
  id: string;
  role: MembershipView['role'];
  createdAt: Date;
  updatedAt: Date;
  userId: string;
  firstName: string | null;
  lastName: string | null;
  imageUrl: string | null;
  identifier: string | null;
};

const toMembershipView = (row: MembershipRow): MembershipView => ({
  id: row.id,
  role: row.role,
  organization: organizationFromRow(row, 'o.'),
  publicUserData: {
    userId: row.userId,
    firstName: row.firstName,
    lastName: row.lastName,
    imageUrl: row.imageUrl,
    identifier: row.identifier,
  },
  createdAt: unixMs(row.createdAt),
  updatedAt: unixMs(row.updatedAt),
});

export async function findMembershipView(
  db: DataSource,
  organizationId: string,
  userId: string,
): Promise<MembershipView | undefined> {
  const rows = await db.query<MembershipRow[]>(
    `${MEMBERSHIP_VIEW_SELECT} WHERE m.organization_id = $1 AND m.user_id = $2`,
    [organizationId, userId],
  );
  return rows[0] && toMembershipView(rows[0]);
}

/** A page of an organization's or a user's memberships, newest first, and how many there are in all. */
export async function listMembershipViews(
  db: DataSource,
  owner: { organizationId: string } | { userId: string },
  page: { limit: number; offset: number },
): Promise<{ data: MembershipView[]; totalCount: number }> {
  const [column, value] =
    'organizationId' in owner ? ['organization_id', owner.organizationId] : ['user_id', owner.userId];
  const [rows, [{ count }]] = await Promise.all([
    db.query<MembershipRow[]>(
      `${MEMBERSHIP_VIEW_SELECT} WHERE m.${column} = $1 ORDER BY m.created_at DESC, m.id DESC LIMIT $2 OFFSET $3`,
      [value, page.limit, page.offset],
    ),
    db.query<Array<{ count: number }>>(
      `SELECT count(*)::int AS count FROM accounts.organization_memberships m WHERE m.${column} = $1`,
      [value],
    ),
  ]);
  return { data: rows.map(toMembershipView), totalCount: count };
}
