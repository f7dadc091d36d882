import { Injectable } from '@nestjs/common';
import {
  ADMIN_ACTOR,
  AlreadyAMemberInOrganizationError,
  ResourceNotFoundError,
  type MembershipView,
  type OrganizationRole,
  type ValidRequestOf,
} from '@tessera/contracts';
import { EventPublisher } from '@tessera/events';
import { DataSource } from 'typeorm';
import { violatedForeignKey, violatedUniqueConstraint } from '../common/database-errors';
import { newId } from '../common/ids';
import { membershipDeleted, type MembershipRef } from './membership-events';
import { findMembershipView, listMembershipViews } from './membership.queries';

type Page = { limit: number; offset: number };
type RoleChange = { id: string; previousRole: OrganizationRole };

/** Who belongs to which organization, with which role. */
@Injectable()
export class MembershipService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly changes: EventPublisher,
  ) {}

  async create(organizationId: string, userId: string, role: OrganizationRole): Promise<MembershipView> {
    const id = newId('orgmem');
    await this.changes
      .commit(async (manager, record) => {
        // Inserting from the organization's row answers "no such organization" before anything about the user.
        const inserted = await manager.query<Array<{ id: string }>>(
          `INSERT INTO accounts.organization_memberships (id, organization_id, user_id, role)
           SELECT $1, o.id, $3, $4 FROM accounts.organizations o WHERE o.id = $2
           RETURNING id`,
          [id, organizationId, userId, role],
        );
        if (inserted.length === 0) throw organizationNotFound();
        await record({ type: 'membership.created', aggregateId: id, payload: { organizationId, userId, role } });
      }, ADMIN_ACTOR)
      .catch((error: unknown) => {
        if (violatedUniqueConstraint(error)) {
          throw new AlreadyAMemberInOrganizationError(`User ${userId} is already a member of the organization.`, {
            param: 'user_id',
          });
        }
        if (violatedForeignKey(error)) throw new ResourceNotFoundError('User not found', { param: 'user_id' });
        throw error;
      });
    return this.get(organizationId, userId);
  }

  /** Sets the member's role; an actual change announces `membership.updated` with the role it replaced. */
  async updateRole(organizationId: string, userId: string, role: OrganizationRole): Promise<MembershipView> {
    await this.changes.commit(async (manager, record) => {
      const [updated] = await manager.query<[RoleChange[], number]>(
        `UPDATE accounts.organization_memberships m SET role = $3, updated_at = now()
           FROM (SELECT id, role FROM accounts.organization_memberships
                  WHERE organization_id = $1 AND user_id = $2 FOR UPDATE) previous
          WHERE m.id = previous.id
          RETURNING m.id, previous.role AS "previousRole"`,
        [organizationId, userId, role],
      );
      if (updated.length === 0) throw membershipNotFound();
      const [{ id, previousRole }] = updated;
      if (previousRole === role) return;
      await record({
        type: 'membership.updated',
        aggregateId: id,
        payload: { organizationId, userId, role, previousRole },
      });
    }, ADMIN_ACTOR);
    return this.get(organizationId, userId);
  }

  /** Removes the membership and answers it as it was, as Clerk does. */
  async delete(organizationId: string, userId: string): Promise<MembershipView> {
    const membership = await this.get(organizationId, userId);
    await this.changes.commit(async (manager, record) => {
      const [deleted] = await manager.query<[MembershipRef[], number]>(
        `DELETE FROM accounts.organization_memberships WHERE id = $1
         RETURNING id, organization_id AS "organizationId", user_id AS "userId"`,
        [membership.id],
      );
      // Removed meanwhile by another request, which recorded the event.
      if (deleted.length === 0) throw membershipNotFound();
      await record(membershipDeleted(deleted[0]));
    }, ADMIN_ACTOR);
    return membership;
  }

  async listForOrganization(request: ValidRequestOf<'accounts.membership.list.v1'>) {
    await this.requireExists('organizations', request.organizationId, organizationNotFound);
    return listMembershipViews(this.dataSource, { organizationId: request.organizationId }, request);
  }

  async listForUser(userId: string, page: Page) {
    await this.requireExists('users', userId, () => new ResourceNotFoundError('User not found'));
    return listMembershipViews(this.dataSource, { userId }, page);
  }

  private async get(organizationId: string, userId: string): Promise<MembershipView> {
    const membership = await findMembershipView(this.dataSource, organizationId, userId);
    if (!membership) throw membershipNotFound();
    return membership;
  }

  private async requireExists(table: 'users' | 'organizations', id: string, notFound: () => Error): Promise<void> {
    const rows = await this.dataSource.query(`SELECT 1 FROM accounts.${table} WHERE id = $1`, [id]);
    if (rows.length === 0) throw notFound();
  }
}

const organizationNotFound = () => new ResourceNotFoundError('Organization not found');
const membershipNotFound = () => new ResourceNotFoundError('The user is not a member of this organization');
