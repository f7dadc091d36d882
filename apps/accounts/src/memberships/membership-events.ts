import type { EntityManager } from 'typeorm';

/** A membership as its events name it. */
export interface MembershipRef {
  id: string;
  organizationId: string;
  userId: string;
}

/**
 * Deletes the memberships of a user or an organization about to be deleted, in the caller's transaction, and
 * answers them for their `membership.deleted` events. The owner's row is locked first (FOR UPDATE), so a
 * membership added concurrently cannot slip in and vanish by the foreign key's cascade without an event: its
 * insert waits for this transaction and then finds its owner gone. Answers `undefined` when the owner does not
 * exist.
 */
export async function deleteMembershipsOf(
  manager: EntityManager,
  owner: 'user' | 'organization',
  ownerId: string,
): Promise<MembershipRef[] | undefined> {
  const table = owner === 'user' ? 'accounts.users' : 'accounts.organizations';
  const locked = await manager.query(`SELECT 1 FROM ${table} WHERE id = $1 FOR UPDATE`, [ownerId]);
  if (locked.length === 0) return undefined;
  const [rows] = await manager.query<[MembershipRef[], number]>(
    `DELETE FROM accounts.organization_memberships WHERE ${owner}_id = $1
     RETURNING id, organization_id AS "organizationId", user_id AS "userId"`,
    [ownerId],
  );
  return rows;
}

export const membershipDeleted = (membership: MembershipRef) =>
  ({
    type: 'membership.deleted',
    aggregateId: membership.id,
    payload: { organizationId: membership.organizationId, userId: membership.userId },
  }) as const;
