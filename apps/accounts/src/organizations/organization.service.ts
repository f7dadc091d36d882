import { Injectable } from '@nestjs/common';
import {
  ADMIN_ACTOR,
  FormIdentifierExistsError,
  FormParamValueInvalidError,
  ResourceNotFoundError,
  type OrganizationView,
  type ValidRequestOf,
} from '@tessera/contracts';
import { EventPublisher, type RecordEvent } from '@tessera/events';
import { DataSource, type EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { violatedForeignKey, violatedUniqueConstraint } from '../common/database-errors';
import { newId } from '../common/ids';
import { checkMetadataSize } from '../common/metadata-rules';
import { MembershipEntity } from '../memberships/membership.entity';
import { deleteMembershipsOf, membershipDeleted } from '../memberships/membership-events';
import { OrganizationEntity } from './organization.entity';
import { findOrganizationView, listOrganizationViews } from './organization.queries';
import { firstFreeSlug, normalizeSlug, slugFromName } from './slug';

type CreateOrganization = ValidRequestOf<'accounts.organization.create.v1'>;
type UpdateOrganization = ValidRequestOf<'accounts.organization.update.v1'>;

/** How often a generated slug is recomputed when a concurrent create with an explicit slug took it first. */
const GENERATED_SLUG_ATTEMPTS = 5;
const SLUG_KEY = 'organizations_slug_key';

/** Organizations as the admin API manages them. */
@Injectable()
export class OrganizationService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly changes: EventPublisher,
  ) {}

  /**
   * Creates an organization; its creator (`createdBy`), if given, becomes its first `org:admin`. Without a slug
   * one is made from the name and suffixed (`acme-2`) until free; an explicit slug must be free.
   */
  async create(request: CreateOrganization): Promise<OrganizationView> {
    const name = checkName(request.name);
    const explicitSlug = request.slug === undefined ? undefined : normalizeSlug(request.slug);
    checkMetadataSize(request.publicMetadata, 'public_metadata');
    checkMetadataSize(request.privateMetadata, 'private_metadata');

    const id = newId('org');
    for (let attempt = 1; ; attempt++) {
      try {
        await this.changes.commit(async (manager, record) => {
          const slug = explicitSlug ?? (await freeSlugFor(manager, name));
          const organization: Partial<OrganizationEntity> = {
            id,
            name,
            slug,
            publicMetadata: request.publicMetadata ?? {},
            privateMetadata: request.privateMetadata ?? {},
            createdBy: request.createdBy ?? null,
          };
          // TypeORM's deep-partial insert type cannot express free-form JSON columns (the metadata).
          await manager.insert(OrganizationEntity, organization as QueryDeepPartialEntity<OrganizationEntity>);
          await record({ type: 'organization.created', aggregateId: id, payload: { organizationId: id } });
          if (request.createdBy) await addCreatorAsAdmin(manager, record, id, request.createdBy);
        }, ADMIN_ACTOR);
      } catch (error) {
        const slugTaken = violatedUniqueConstraint(error) === SLUG_KEY;
        // A generated slug loses only to a concurrent explicit one (generations are serialised): try the next.
        if (slugTaken && explicitSlug === undefined && attempt < GENERATED_SLUG_ATTEMPTS) continue;
        throw slugTaken ? slugTakenError() : error;
      }
      return this.get(id);
    }
  }

  async get(idOrSlug: string): Promise<OrganizationView> {
    const organization = await findOrganizationView(this.dataSource, idOrSlug);
    if (!organization) throw organizationNotFound();
    return organization;
  }

  list(request: ValidRequestOf<'accounts.organization.list.v1'>) {
    return listOrganizationViews(this.dataSource, request.query, request);
  }

  /** Replaces the fields given (metadata objects whole). */
  async update(request: UpdateOrganization): Promise<OrganizationView> {
    const changes: Partial<OrganizationEntity> = {};
    if (request.name !== undefined) changes.name = checkName(request.name);
    if (request.slug !== undefined) changes.slug = normalizeSlug(request.slug);
    checkMetadataSize(request.publicMetadata, 'public_metadata');
    checkMetadataSize(request.privateMetadata, 'private_metadata');
    if (request.publicMetadata) changes.publicMetadata = request.publicMetadata;
    if (request.privateMetadata) changes.privateMetadata = request.privateMetadata;
    if (Object.keys(changes).length === 0) return this.get(request.organizationId);

    const { organizationId } = request;
    await this.changes
      .commit(async (manager, record) => {
        const result = await manager
          .createQueryBuilder()
          .update(OrganizationEntity)
          .set({ ...changes, updatedAt: () => 'now()' })
          .where('id = :id', { id: organizationId })
          .execute();
        if (!result.affected) throw organizationNotFound();
        await record({ type: 'organization.updated', aggregateId: organizationId, payload: { organizationId } });
      }, ADMIN_ACTOR)
      .catch((error: unknown) => {
        throw violatedUniqueConstraint(error) === SLUG_KEY ? slugTakenError() : error;
      });
    return this.get(organizationId);
  }

  /** Deletes the organization and its memberships, each with its `membership.deleted` event. */
  async delete(organizationId: string): Promise<{ id: string; deleted: true }> {
    await this.changes.commit(async (manager, record) => {
      const memberships = await deleteMembershipsOf(manager, 'organization', organizationId);
      if (!memberships) throw organizationNotFound();
      await manager.getRepository(OrganizationEntity).delete({ id: organizationId });
      for (const membership of memberships) await record(membershipDeleted(membership));
      await record({ type: 'organization.deleted', aggregateId: organizationId, payload: { organizationId } });
    }, ADMIN_ACTOR);
    return { id: organizationId, deleted: true };
  }
}

/**
 * The first free slug for a name, in the caller's transaction. Creations that start from the same base slug
 * take turns (a transaction-scoped advisory lock on the base) so that they do not all pick the same candidate.
 */
async function freeSlugFor(manager: EntityManager, name: string): Promise<string> {
  const base = slugFromName(name);
  await manager.query(`SELECT pg_advisory_xact_lock(hashtext('accounts.organization_slug:' || $1))`, [base]);
  // The base contains only [a-z0-9-], none of which is special in a regular expression.
  const rows = await manager.query<Array<{ slug: string }>>(
    `SELECT slug FROM accounts.organizations WHERE slug = $1 OR slug ~ ('^' || $1 || '-[0-9]+$')`,
    [base],
  );
  return firstFreeSlug(base, new Set(rows.map((row) => row.slug)));
}

async function addCreatorAsAdmin(
  manager: EntityManager,
  record: RecordEvent,
  organizationId: string,
  userId: string,
): Promise<void> {
  const id = newId('orgmem');
  const role = 'org:admin';
  try {
    await manager.insert(MembershipEntity, { id, organizationId, userId, role });
  } catch (error) {
    if (violatedForeignKey(error)) {
      throw new ResourceNotFoundError('created_by does not name an existing user', { param: 'created_by' });
    }
    throw error;
  }
  await record({ type: 'membership.created', aggregateId: id, payload: { organizationId, userId, role } });
}

function checkName(raw: string): string {
  const name = raw.trim();
  if (!name) throw new FormParamValueInvalidError('name must not be blank', { param: 'name' });
  return name;
}

const organizationNotFound = () => new ResourceNotFoundError('Organization not found');
const slugTakenError = () =>
  new FormIdentifierExistsError('That slug is taken. Please try another.', { param: 'slug' });
