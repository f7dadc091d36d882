import type { UserView } from '@tessera/contracts';
import type { DataSource, EntityManager } from 'typeorm';
import { unixMs } from '../common/timestamps';

/** The user columns the admin API answers, with the email addresses folded in (one query, no N+1). */
const USER_VIEW_COLUMNS = `
  u.id,
  u.username,
  u.first_name AS "firstName",
  u.last_name AS "lastName",
  u.image_url AS "imageUrl",
  u.primary_email_address_id AS "primaryEmailAddressId",
  u.public_metadata AS "publicMetadata",
  u.private_metadata AS "privateMetadata",
  u.unsafe_metadata AS "unsafeMetadata",
  u.password_hash IS NOT NULL AS "passwordEnabled",
  u.created_at AS "createdAt",
  u.updated_at AS "updatedAt",
  COALESCE(
    (SELECT json_agg(
              json_build_object('id', e.id, 'emailAddress', e.email, 'verificationStatus', e.verification_status)
              ORDER BY e.created_at, e.id)
       FROM accounts.email_addresses e
      WHERE e.user_id = u.id),
    '[]'::json) AS "emailAddresses"`;

type UserViewRow = Omit<UserView, 'createdAt' | 'updatedAt'> & { createdAt: Date; updatedAt: Date };

const toUserView = (row: UserViewRow): UserView => ({
  ...row,
  createdAt: unixMs(row.createdAt),
  updatedAt: unixMs(row.updatedAt),
});

export async function findUserView(db: DataSource | EntityManager, userId: string): Promise<UserView | undefined> {
  const rows = await db.query<UserViewRow[]>(`SELECT ${USER_VIEW_COLUMNS} FROM accounts.users u WHERE u.id = $1`, [
    userId,
  ]);
  return rows[0] && toUserView(rows[0]);
}

export interface UserFilter {
  /** Lower-cased addresses; a user matches when they own one of them. */
  emailAddresses?: string[];
  /** Case-insensitive substring of an address, username or name; or an exact id. */
  query?: string;
}

/** A page of users (newest first unless asked otherwise) and how many match in all. */
export async function listUserViews(
  db: DataSource,
  filter: UserFilter,
  page: { limit: number; offset: number; newestFirst: boolean },
): Promise<{ data: UserView[]; totalCount: number }> {
  const conditions: string[] = [];
  const params: unknown[] = [];
  if (filter.emailAddresses) {
    params.push(filter.emailAddresses);
    conditions.push(
      `u.id IN (SELECT e.user_id FROM accounts.email_addresses e WHERE lower(e.email) = ANY($${params.length}))`,
    );
  }
  if (filter.query) {
    params.push(filter.query, `%${filter.query.replace(/[\\%_]/g, '\\$&')}%`);
    const [exact, pattern] = [`$${params.length - 1}`, `$${params.length}`];
    conditions.push(`(u.id = ${exact}
      OR u.username ILIKE ${pattern} OR u.first_name ILIKE ${pattern} OR u.last_name ILIKE ${pattern}
      OR EXISTS (SELECT 1 FROM accounts.email_addresses e WHERE e.user_id = u.id AND e.email ILIKE ${pattern}))`);
  }
  const where = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
  const direction = page.newestFirst ? 'DESC' : 'ASC';
  const [rows, [{ count }]] = await Promise.all([
    db.query<UserViewRow[]>(
      `SELECT ${USER_VIEW_COLUMNS} FROM accounts.users u ${where}
        ORDER BY u.created_at ${direction}, u.id ${direction}
        LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, page.limit, page.offset],
    ),
    db.query<Array<{ count: number }>>(`SELECT count(*)::int AS count FROM accounts.users u ${where}`, params),
  ]);
  return { data: rows.map(toUserView), totalCount: count };
}
