import { Inject, Injectable } from '@nestjs/common';
import {
  ADMIN_ACTOR,
  DEFAULT_APPLICATION_SCOPES,
  FormParamValueInvalidError,
  ResourceNotFoundError,
  type ApplicationOrder,
  type ApplicationView,
  type ApplicationWithSecret,
  type EventActor,
  type ValidRequestOf,
} from '@tessera/contracts';
import { EventPublisher } from '@tessera/events';
import { DataSource } from 'typeorm';
import { applicationName, applicationRedirectUris, applicationScopes } from './application-input';
import { toApplicationView } from './application-view';
import { ApplicationEntity } from './application.entity';
import { ClientCache } from './client-cache';
import { hashClientSecret, newApplicationId, newClientId, newClientSecret } from './client-secret';

/** Everything an application is made of but its generated ids, secret and timestamps. */
export type ApplicationDraft = Pick<
  ApplicationEntity,
  | 'name'
  | 'public'
  | 'scopes'
  | 'redirectUris'
  | 'consentScreenEnabled'
  | 'pkceRequired'
  | 'dynamicallyRegistered'
  | 'accessTokenFormat'
  | 'clientUri'
  | 'logoUri'
>;

const ORDER_COLUMNS: Record<'created_at' | 'name', string> = {
  created_at: 'a.createdAt',
  name: 'lower(a.name)',
};

/**
 * The admin API's OAuth applications: create, list, read, update, delete and rotate the secret. Every change
 * commits with its domain event, and drops the client from this replica's lookup cache at once (the other
 * replicas drop it when the event reaches them: clientChangeListener in the registry's module).
 */
@Injectable()
export class ApplicationsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly changes: EventPublisher,
    @Inject(ClientCache) private readonly cache: ClientCache,
  ) {}

  private get repository() {
    return this.dataSource.getRepository(ApplicationEntity);
  }

  async create(input: ValidRequestOf<'registry.application.create.v1'>): Promise<ApplicationWithSecret> {
    const { entity, clientSecret } = await this.insert(
      {
        name: applicationName(input.name),
        public: input.public,
        scopes: input.scopes === undefined ? [...DEFAULT_APPLICATION_SCOPES] : applicationScopes(input.scopes),
        redirectUris: applicationRedirectUris(input.redirectUris),
        consentScreenEnabled: input.consentScreenEnabled,
        pkceRequired: input.pkceRequired,
        dynamicallyRegistered: false,
        accessTokenFormat: input.accessTokenFormat,
        clientUri: null,
        logoUri: null,
      },
      ADMIN_ACTOR,
    );
    return { application: toApplicationView(entity), ...(clientSecret ? { clientSecret } : {}) };
  }

  /**
   * Stores a new application with a fresh id (and client_id unless the caller chose one) and, for a
   * confidential client, a secret that is returned this once. `actor`: the admin API, or the client itself
   * when it registered dynamically.
   */
  async insert(
    draft: ApplicationDraft & { clientId?: string },
    actor: EventActor,
  ): Promise<{ entity: ApplicationEntity; clientSecret?: string }> {
    const clientSecret = draft.public ? undefined : newClientSecret();
    const now = new Date();
    const entity = this.repository.create({
      ...draft,
      id: newApplicationId(),
      clientId: draft.clientId ?? newClientId(),
      secretHash: clientSecret ? hashClientSecret(clientSecret) : null,
      createdAt: now,
      updatedAt: now,
    });
    await this.changes.commit(async (manager, record) => {
      await manager.getRepository(ApplicationEntity).insert(entity);
      await record({ type: 'oauth_application.created', aggregateId: entity.id, payload: applicationRef(entity) });
    }, actor);
    return { entity, clientSecret };
  }

  async list(
    input: ValidRequestOf<'registry.application.list.v1'>,
  ): Promise<{ data: ApplicationView[]; totalCount: number }> {
    const query = this.repository.createQueryBuilder('a');
    if (input.nameQuery !== undefined && input.nameQuery !== '') {
      query.where(`(a.name ILIKE :pattern ESCAPE '\\' OR a.client_id = :clientId)`, {
        pattern: `%${input.nameQuery.replace(/[\\%_]/g, '\\$&')}%`,
        clientId: input.nameQuery,
      });
    }
    const { column, direction } = orderOf(input.orderBy);
    const [rows, totalCount] = await Promise.all([
      query
        .clone()
        .orderBy(column, direction)
        .addOrderBy('a.id', direction)
        .limit(input.limit)
        .offset(input.offset)
        .getMany(),
      query.getCount(),
    ]);
    return { data: rows.map(toApplicationView), totalCount };
  }

  async get(id: string): Promise<ApplicationView> {
    return toApplicationView(await this.find(id));
  }

  async update(input: ValidRequestOf<'registry.application.update.v1'>): Promise<ApplicationView> {
    const entity = await this.find(input.id);
    // Only the fields given are written (never the whole row), so a concurrent rotate_secret is not undone.
    const changes: Partial<ApplicationEntity> = {};
    if (input.name !== undefined) changes.name = applicationName(input.name);
    if (input.redirectUris !== undefined) changes.redirectUris = applicationRedirectUris(input.redirectUris);
    if (input.scopes !== undefined) changes.scopes = applicationScopes(input.scopes);
    if (input.consentScreenEnabled !== undefined) {
      if (!input.consentScreenEnabled && entity.dynamicallyRegistered) {
        throw new FormParamValueInvalidError(
          'consent_screen_enabled cannot be disabled for dynamically registered OAuth applications',
          { param: 'consent_screen_enabled' },
        );
      }
      changes.consentScreenEnabled = input.consentScreenEnabled;
    }
    if (input.pkceRequired !== undefined) changes.pkceRequired = input.pkceRequired;
    if (input.accessTokenFormat !== undefined) changes.accessTokenFormat = input.accessTokenFormat;
    if (input.public !== undefined && input.public !== entity.public) {
      // A public client has no secret. One made confidential has none either until rotate_secret issues it.
      changes.public = input.public;
      changes.secretHash = null;
    }
    changes.updatedAt = new Date();
    await this.changes.commit(async (manager, record) => {
      const { affected } = await manager.getRepository(ApplicationEntity).update({ id: entity.id }, changes);
      // Deleted between the read above and this write.
      if (!affected) throw notFound();
      await record({ type: 'oauth_application.updated', aggregateId: entity.id, payload: applicationRef(entity) });
    }, ADMIN_ACTOR);
    this.cache.invalidate(entity.clientId);
    return toApplicationView(Object.assign(entity, changes));
  }

  async delete(id: string): Promise<{ id: string; deleted: true }> {
    const clientId = await this.changes.commit(async (manager, record) => {
      const { raw } = await manager
        .getRepository(ApplicationEntity)
        .createQueryBuilder()
        .delete()
        .where('id = :id', { id })
        .returning('client_id')
        .execute();
      const deleted = raw as Array<{ client_id: string }>;
      if (deleted.length === 0) throw notFound();
      const ref = { applicationId: id, clientId: deleted[0].client_id };
      await record({ type: 'oauth_application.deleted', aggregateId: id, payload: ref });
      return ref.clientId;
    }, ADMIN_ACTOR);
    this.cache.invalidate(clientId);
    return { id, deleted: true };
  }

  /** A new secret replaces the old one in the same statement: the old secret stops working at once. */
  async rotateSecret(id: string): Promise<ApplicationWithSecret & { clientSecret: string }> {
    const entity = await this.find(id);
    const clientSecret = newClientSecret();
    entity.secretHash = hashClientSecret(clientSecret);
    entity.updatedAt = new Date();
    await this.changes.commit(async (manager, record) => {
      // `public: false` in the condition: an application made public meanwhile keeps having no secret.
      const { affected } = entity.public
        ? { affected: 0 }
        : await manager
            .getRepository(ApplicationEntity)
            .update({ id, public: false }, { secretHash: entity.secretHash, updatedAt: entity.updatedAt });
      if (!affected) {
        throw new FormParamValueInvalidError('Public OAuth applications have no client secret', { param: 'public' });
      }
      await record({
        type: 'oauth_application.secret_rotated',
        aggregateId: id,
        payload: applicationRef(entity),
      });
    }, ADMIN_ACTOR);
    this.cache.invalidate(entity.clientId);
    return { application: toApplicationView(entity), clientSecret };
  }

  private async find(id: string): Promise<ApplicationEntity> {
    const entity = await this.repository.findOneBy({ id });
    if (!entity) throw notFound();
    return entity;
  }
}

/** What an application's events name: no secret, nothing else that could go stale. */
const applicationRef = (entity: ApplicationEntity) => ({ applicationId: entity.id, clientId: entity.clientId });

function notFound(): ResourceNotFoundError {
  return new ResourceNotFoundError('Resource not found');
}

function orderOf(order: ApplicationOrder): { column: string; direction: 'ASC' | 'DESC' } {
  const direction = order.startsWith('-') ? 'DESC' : 'ASC';
  const field = order.replace(/^[+-]/, '') as keyof typeof ORDER_COLUMNS;
  return { column: ORDER_COLUMNS[field], direction };
}
