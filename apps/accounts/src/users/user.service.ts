import { Injectable } from '@nestjs/common';
import {
  ADMIN_ACTOR,
  FormIdentifierExistsError,
  FormParamValueInvalidError,
  FormPasswordIncorrectError,
  ResourceNotFoundError,
  type TesseraError,
  type UserView,
  type ValidRequestOf,
} from '@tessera/contracts';
import { EventPublisher } from '@tessera/events';
import { DataSource } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { violatedUniqueConstraint } from '../common/database-errors';
import { newId } from '../common/ids';
import { checkMetadataSize } from '../common/metadata-rules';
import { deleteMembershipsOf, membershipDeleted } from '../memberships/membership-events';
import { PasswordHasher } from '../passwords/password-hasher';
import { UserPasswordService } from '../passwords/user-password.service';
import { EmailAddressEntity } from './email-address.entity';
import { UserEntity } from './user.entity';
import { findUserView, listUserViews } from './user.queries';
import { checkPassword, emptyToNull, normalizeEmail, normalizeImageUrl, normalizeUsername } from './user-rules';

type CreateUser = ValidRequestOf<'accounts.user.create.v1'>;
type UpdateUser = ValidRequestOf<'accounts.user.update.v1'>;
type ListUsers = ValidRequestOf<'accounts.user.list.v1'>;

/** Users as the admin API manages them: create, read, list, update, delete, check a password. */
@Injectable()
export class UserService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly changes: EventPublisher,
    private readonly hasher: PasswordHasher,
    private readonly passwords: UserPasswordService,
  ) {}

  async create(request: CreateUser): Promise<UserView> {
    const emails = request.emailAddresses.map((email) => normalizeEmail(email));
    const username = normalizeUsername(request.username) ?? null;
    const imageUrl = normalizeImageUrl(request.imageUrl) ?? null;
    checkAllMetadata(request);
    if (request.password !== undefined) {
      checkPassword(request.password, [...emails, username], request.skipPasswordChecks);
    }
    const passwordHash = request.password === undefined ? null : await this.hasher.hash(request.password);

    const userId = newId('user');
    const emailIds = emails.map(() => newId('idn'));
    await this.changes
      .commit(async (manager, record) => {
        const user: Partial<UserEntity> = {
          id: userId,
          username,
          firstName: emptyToNull(request.firstName) ?? null,
          lastName: emptyToNull(request.lastName) ?? null,
          imageUrl,
          passwordHash,
          publicMetadata: request.publicMetadata ?? {},
          privateMetadata: request.privateMetadata ?? {},
          unsafeMetadata: request.unsafeMetadata ?? {},
          primaryEmailAddressId: emailIds[0],
        };
        // TypeORM's deep-partial insert type cannot express free-form JSON columns (the metadata).
        await manager.insert(UserEntity, user as QueryDeepPartialEntity<UserEntity>);
        // Admin-created addresses are trusted: the admin vouches for them, as Clerk's Backend API does.
        for (const [index, email] of emails.entries()) {
          await manager.insert(EmailAddressEntity, {
            id: emailIds[index],
            userId,
            email,
            verificationStatus: 'verified',
          });
        }
        await record({ type: 'user.created', aggregateId: userId, payload: { userId } });
      }, ADMIN_ACTOR)
      .catch(rethrowTakenIdentifier);
    return this.get(userId);
  }

  async get(userId: string): Promise<UserView> {
    const user = await findUserView(this.dataSource, userId);
    if (!user) throw userNotFound();
    return user;
  }

  list(request: ListUsers) {
    return listUserViews(
      this.dataSource,
      { emailAddresses: request.emailAddresses?.map((email) => email.toLowerCase()), query: request.query },
      { limit: request.limit, offset: request.offset, newestFirst: request.orderBy === '-created_at' },
    );
  }

  /** Replaces the fields given (metadata objects are replaced whole, as Clerk's update does). */
  async update(request: UpdateUser): Promise<UserView> {
    const current = await this.get(request.userId);
    const changes: Partial<UserEntity> = {};
    const username = normalizeUsername(request.username);
    if (username !== undefined) changes.username = username;
    if (request.firstName !== undefined) changes.firstName = emptyToNull(request.firstName);
    if (request.lastName !== undefined) changes.lastName = emptyToNull(request.lastName);
    const imageUrl = normalizeImageUrl(request.imageUrl);
    if (imageUrl !== undefined) changes.imageUrl = imageUrl;
    checkAllMetadata(request);
    if (request.publicMetadata) changes.publicMetadata = request.publicMetadata;
    if (request.privateMetadata) changes.privateMetadata = request.privateMetadata;
    if (request.unsafeMetadata) changes.unsafeMetadata = request.unsafeMetadata;
    if (request.primaryEmailAddressId !== undefined) {
      if (!current.emailAddresses.some((email) => email.id === request.primaryEmailAddressId)) {
        throw new FormParamValueInvalidError('primary_email_address_id must be one of the user’s email addresses', {
          param: 'primary_email_address_id',
        });
      }
      changes.primaryEmailAddressId = request.primaryEmailAddressId;
    }
    if (request.password !== undefined) {
      const identifiers = [
        ...current.emailAddresses.map((email) => email.emailAddress),
        username === undefined ? current.username : username,
      ];
      checkPassword(request.password, identifiers, request.skipPasswordChecks);
      changes.passwordHash = await this.hasher.hash(request.password);
    }
    if (Object.keys(changes).length === 0) return current;

    await this.changes
      .commit(async (manager, record) => {
        const result = await manager
          .createQueryBuilder()
          .update(UserEntity)
          .set({ ...changes, updatedAt: () => 'now()' })
          .where('id = :id', { id: request.userId })
          .execute();
        // Deleted between the read above and this write.
        if (!result.affected) throw userNotFound();
        await record({ type: 'user.updated', aggregateId: request.userId, payload: { userId: request.userId } });
      }, ADMIN_ACTOR)
      .catch(rethrowTakenIdentifier);
    return this.get(request.userId);
  }

  /**
   * Deletes the user with their email addresses and memberships (foreign keys cascade). Each membership that
   * goes with the user gets its own `membership.deleted`, so that consumers need not know the cascade.
   */
  async delete(userId: string): Promise<{ id: string; deleted: true }> {
    await this.changes.commit(async (manager, record) => {
      const memberships = await deleteMembershipsOf(manager, 'user', userId);
      if (!memberships) throw userNotFound();
      await manager.getRepository(UserEntity).delete({ id: userId });
      for (const membership of memberships) await record(membershipDeleted(membership));
      await record({ type: 'user.deleted', aggregateId: userId, payload: { userId } });
    }, ADMIN_ACTOR);
    return { id: userId, deleted: true };
  }

  async verifyPassword(userId: string, password: string): Promise<{ verified: true }> {
    const user = await this.dataSource
      .getRepository(UserEntity)
      .findOne({ where: { id: userId }, select: { id: true, passwordHash: true } });
    if (!user) throw userNotFound();
    if (!(await this.passwords.matches(user, password))) {
      throw new FormPasswordIncorrectError('The password is incorrect', { param: 'password' });
    }
    return { verified: true };
  }
}

const userNotFound = () => new ResourceNotFoundError('User not found');

function checkAllMetadata(request: Pick<CreateUser, 'publicMetadata' | 'privateMetadata' | 'unsafeMetadata'>): void {
  checkMetadataSize(request.publicMetadata, 'public_metadata');
  checkMetadataSize(request.privateMetadata, 'private_metadata');
  checkMetadataSize(request.unsafeMetadata, 'unsafe_metadata');
}

/** The unique indexes on lower(email) and lower(username) decide races between concurrent writers. */
function rethrowTakenIdentifier(error: unknown): never {
  const taken: Record<string, TesseraError> = {
    email_addresses_email_key: new FormIdentifierExistsError('That email address is taken. Please try another.', {
      param: 'email_address',
    }),
    users_username_key: new FormIdentifierExistsError('That username is taken. Please try another.', {
      param: 'username',
    }),
  };
  throw taken[violatedUniqueConstraint(error) ?? ''] ?? error;
}
