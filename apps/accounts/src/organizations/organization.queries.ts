import type { OrganizationView } from '@tessera/contracts';
import type { DataSource, EntityManager } from 'typeorm';
import { unixMs } from '../common/timestamps';

/**
 * An organization's columns under a prefix (`"o.id"`, …) so that membership queries can select them beside
 * their own; the member count is one index-only count per organization.
 */
export const organizationColumns = (alias: string, prefix = '') => `
  ${alias}.id AS "${prefix}id",
  ${alias}.name AS "${prefix}name",
  ${alias}.slug AS "${prefix}slug",
  ${alias}.public_metadata AS "${prefix}publicMetadata",
  ${alias}.private_metadata AS "${prefix}privateMetadata",
  ${alias}.created_by AS "${prefix}createdBy",
  ${alias}.created_at AS "${prefix}createdAt",
  ${alias}.updated_at AS "${prefix}updatedAt",
  (SELECT count(*)::int FROM accounts.organization_memberships c WHERE c.organization_id = ${alias}.id)
    AS "${prefix}membersCount"`;

/** Reads the organization selected with `organizationColumns(alias, prefix)` out of a row. */
export function organizationFromRow(row: Record<string, unknown>, prefix = ''): OrganizationView {
  const field = <T>(name: string) => row[`${prefix}${name}`] as T;
  return {
    id: field('id'),
    name: field('name'),
    slug: field('slug'),
    membersCount: field('membersCount'),
    publicMetadata: field('publicMetadata'),
    privateMetadata: field('privateMetadata'),
    createdBy: field('createdBy'),
    createdAt: unixMs(field('createdAt')),
    updatedAt: unixMs(field('updatedAt')),
  };
}

/** By id, or by slug (Clerk's GET accepts either; ids contain "_", slugs cannot). */
export async function findOrganizationView(
  db: DataSource | EntityManager,
  idOrSlug: string,
): Promise<OrganizationView | undefined> {
  const rows = await db.query<Array<Record<string, unknown>>>(
    `SELECT ${organizationColumns('o')} FROM accounts.organizations o WHERE o.id = $1 OR lower(o.slug) = lower($1)`,
    [idOrSlug],
  );
  return rows[0] && organizationFromRow(rows[0]);
}

/** A page of organizations, newest first, and how many match in all. */
export async function listOrganizationViews(
  db: DataSource,
  query: string | undefined,
  page: { limit: number; offset: number },
): Promise<{ data: OrganizationView[]; totalCount: number }> {
  const params: unknown[] = [];
  let where = '';
  if (query) {
    params.push(query, `%${query.replace(/[\\%_]/g, '\\$&')}%`);
    where = 'WHERE o.id = $1 OR o.name ILIKE $2 OR o.slug ILIKE $2';
  }
  const [rows, [{ count }]] = await Promise.all([
    db.query<Array<Record<string, unknown>>>(
      `SELECT ${organizationColumns('o')} FROM accounts.organizations o ${where}
        ORDER BY o.created_at DESC, o.id DESC
        LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, page.limit, page.offset],
    ),
    db.query<Array<{ count: number }>>(`SELECT count(*)::int AS count FROM accounts.organizations o ${where}`, params),
  ]);
  return { data: rows.map((row) => organizationFromRow(row)), totalCount: count };
}
