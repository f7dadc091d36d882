import {
  ACCOUNTS_MEMBERSHIP_CREATE,
  ACCOUNTS_MEMBERSHIP_DELETE,
  ACCOUNTS_MEMBERSHIP_LIST,
  ACCOUNTS_MEMBERSHIP_UPDATE,
  ACCOUNTS_ORGANIZATION_CREATE,
  ACCOUNTS_ORGANIZATION_DELETE,
  ACCOUNTS_ORGANIZATION_GET,
  ACCOUNTS_ORGANIZATION_LIST,
  ACCOUNTS_ORGANIZATION_UPDATE,
  ACCOUNTS_USER_CREATE,
  ACCOUNTS_USER_DELETE,
  ACCOUNTS_USER_MEMBERSHIPS_LIST,
  AlreadyAMemberInOrganizationError,
  FormIdentifierExistsError,
  FormParamFormatInvalidError,
  FormParamValueInvalidError,
  InvalidRequestError,
  ResourceNotFoundError,
  type OrganizationRole,
  type RequestOf,
} from '@tessera/contracts';
import { rejectionOf, startAccounts, uniqueEmail, type AccountsHarness } from './accounts-harness';

describe('accounts: organizations and memberships over NATS and Postgres', () => {
  let accounts: AccountsHarness;
  const createOrganization = (request: RequestOf<typeof ACCOUNTS_ORGANIZATION_CREATE>) =>
    accounts.rpc.send(ACCOUNTS_ORGANIZATION_CREATE, request);
  const createUser = (firstName = 'Member') =>
    accounts.rpc.send(ACCOUNTS_USER_CREATE, {
      emailAddresses: [uniqueEmail(firstName.toLowerCase())],
      firstName,
      lastName: 'Tester',
    });
  const addMember = (organizationId: string, userId: string, role: OrganizationRole = 'org:member') =>
    accounts.rpc.send(ACCOUNTS_MEMBERSHIP_CREATE, { organizationId, userId, role });

  beforeAll(async () => {
    accounts = await startAccounts();
  });

  afterAll(async () => {
    await accounts?.close();
  });

  describe('create', () => {
    it('answers the organization with a slug made from the name', async () => {
      const before = Date.now();
      const organization = await createOrganization({ name: 'Café Crème Ltd.', publicMetadata: { tier: 'gold' } });
      expect(organization).toEqual({
        id: expect.stringMatching(/^org_[0-9A-Za-z]{27}$/),
        name: 'Café Crème Ltd.',
        slug: 'cafe-creme-ltd',
        membersCount: 0,
        publicMetadata: { tier: 'gold' },
        privateMetadata: {},
        createdBy: null,
        createdAt: expect.any(Number),
        updatedAt: expect.any(Number),
      });
      expect(organization.createdAt).toBeGreaterThanOrEqual(before - 1000);
      await expect(accounts.rpc.send(ACCOUNTS_ORGANIZATION_GET, { organizationId: organization.id })).resolves.toEqual(
        organization,
      );
    });

    it('makes generated slugs unique with a numeric suffix', async () => {
      const slugs = [];
      for (let index = 0; index < 3; index++) slugs.push((await createOrganization({ name: 'Umbrella Corp' })).slug);
      expect(slugs).toEqual(['umbrella-corp', 'umbrella-corp-2', 'umbrella-corp-3']);
    });

    it('keeps generated slugs unique when many are created at once', async () => {
      const organizations = await Promise.all(
        Array.from({ length: 8 }, () => createOrganization({ name: 'Concurrent Co' })),
      );
      const slugs = organizations.map((organization) => organization.slug).sort();
      expect(new Set(slugs).size).toBe(8);
      for (const slug of slugs) expect(slug).toMatch(/^concurrent-co(-[2-9])?$/);
    });

    it('takes an explicit slug, lower-cased, and refuses a taken or malformed one', async () => {
      const organization = await createOrganization({ name: 'Initech', slug: 'InitechHQ' });
      expect(organization.slug).toBe('initechhq');
      const taken = await rejectionOf(createOrganization({ name: 'Other', slug: 'INITECHHQ' }));
      expect(taken).toBeInstanceOf(FormIdentifierExistsError);
      expect(taken).toMatchObject({ status: 422, param: 'slug' });
      const malformed = await rejectionOf(createOrganization({ name: 'Other', slug: 'has spaces' }));
      expect(malformed).toBeInstanceOf(FormParamFormatInvalidError);
      expect(malformed).toMatchObject({ param: 'slug' });
    });

    it('makes the creator its first org:admin', async () => {
      const creator = await createUser('Creator');
      const organization = await createOrganization({ name: 'Founded', createdBy: creator.id });
      expect(organization).toMatchObject({ createdBy: creator.id, membersCount: 1 });
      const members = await accounts.rpc.send(ACCOUNTS_MEMBERSHIP_LIST, { organizationId: organization.id });
      expect(members.data).toEqual([
        expect.objectContaining({ role: 'org:admin', publicUserData: expect.objectContaining({ userId: creator.id }) }),
      ]);
    });

    it('refuses an unknown creator and creates nothing', async () => {
      const error = await rejectionOf(createOrganization({ name: 'Orphan Org', createdBy: 'user_nobody' }));
      expect(error).toBeInstanceOf(ResourceNotFoundError);
      expect(error).toMatchObject({ param: 'created_by' });
      const { rows } = await accounts.db.query(`SELECT 1 FROM accounts.organizations WHERE name = 'Orphan Org'`);
      expect(rows).toHaveLength(0);
    });

    it('refuses a blank name and oversized metadata', async () => {
      await expect(rejectionOf(createOrganization({ name: '   ' }))).resolves.toMatchObject({
        code: 'form_param_value_invalid',
        param: 'name',
      });
      const error = await rejectionOf(createOrganization({ name: 'Big', privateMetadata: { x: 'y'.repeat(8200) } }));
      expect(error).toBeInstanceOf(FormParamValueInvalidError);
      expect(error).toMatchObject({ param: 'private_metadata' });
      await expect(
        rejectionOf(
          accounts.rpc.send(ACCOUNTS_ORGANIZATION_CREATE, {} as RequestOf<typeof ACCOUNTS_ORGANIZATION_CREATE>),
        ),
      ).resolves.toBeInstanceOf(InvalidRequestError);
    });
  });

  describe('get, list, update, delete', () => {
    it('finds an organization by id or by slug', async () => {
      const organization = await createOrganization({ name: 'Findable' });
      await expect(accounts.rpc.send(ACCOUNTS_ORGANIZATION_GET, { organizationId: 'findable' })).resolves.toEqual(
        organization,
      );
      await expect(
        rejectionOf(accounts.rpc.send(ACCOUNTS_ORGANIZATION_GET, { organizationId: 'org_nothing' })),
      ).resolves.toBeInstanceOf(ResourceNotFoundError);
    });

    it('lists newest first with the total and searches name and slug', async () => {
      const tag = `zeta${Date.now().toString(36)}`;
      const first = await createOrganization({ name: `${tag} One` });
      const second = await createOrganization({ name: `${tag} Two` });
      await expect(accounts.rpc.send(ACCOUNTS_ORGANIZATION_LIST, { query: tag.toUpperCase() })).resolves.toEqual({
        data: [second, first],
        totalCount: 2,
      });
      await expect(
        accounts.rpc.send(ACCOUNTS_ORGANIZATION_LIST, { query: `${tag}-two`, limit: 1, offset: 0 }),
      ).resolves.toEqual({ data: [second], totalCount: 1 });
      const all = await accounts.rpc.send(ACCOUNTS_ORGANIZATION_LIST, { limit: 1, offset: 1 });
      expect(all.data).toHaveLength(1);
      expect(all.totalCount).toBeGreaterThan(2);
    });

    it('updates the fields given and refuses a taken slug', async () => {
      const organization = await createOrganization({ name: 'Before', privateMetadata: { a: 1 } });
      await new Promise((resolve) => setTimeout(resolve, 5));
      const updated = await accounts.rpc.send(ACCOUNTS_ORGANIZATION_UPDATE, {
        organizationId: organization.id,
        name: 'After',
        slug: 'after-rename',
        publicMetadata: { b: 2 },
      });
      expect(updated).toEqual({
        ...organization,
        name: 'After',
        slug: 'after-rename',
        publicMetadata: { b: 2 },
        updatedAt: expect.any(Number),
      });
      expect(updated.updatedAt).toBeGreaterThan(organization.updatedAt);
      await createOrganization({ name: 'Slug Holder', slug: 'held-slug' });
      await expect(
        rejectionOf(
          accounts.rpc.send(ACCOUNTS_ORGANIZATION_UPDATE, { organizationId: organization.id, slug: 'held-slug' }),
        ),
      ).resolves.toMatchObject({ code: 'form_identifier_exists', param: 'slug' });
      await expect(
        rejectionOf(accounts.rpc.send(ACCOUNTS_ORGANIZATION_UPDATE, { organizationId: 'org_nothing', name: 'X' })),
      ).resolves.toBeInstanceOf(ResourceNotFoundError);
    });

    it('deletes an organization with its memberships', async () => {
      const user = await createUser();
      const organization = await createOrganization({ name: 'Short Lived', createdBy: user.id });
      await expect(
        accounts.rpc.send(ACCOUNTS_ORGANIZATION_DELETE, { organizationId: organization.id }),
      ).resolves.toEqual({
        id: organization.id,
        deleted: true,
      });
      const { rows } = await accounts.db.query(
        'SELECT 1 FROM accounts.organization_memberships WHERE organization_id = $1',
        [organization.id],
      );
      expect(rows).toHaveLength(0);
      await expect(
        rejectionOf(accounts.rpc.send(ACCOUNTS_ORGANIZATION_DELETE, { organizationId: organization.id })),
      ).resolves.toBeInstanceOf(ResourceNotFoundError);
    });
  });

  describe('memberships', () => {
    it('adds a member and answers the membership with the organization and public user data', async () => {
      const organization = await createOrganization({ name: 'Members Club' });
      const user = await createUser('Joiner');
      const membership = await addMember(organization.id, user.id);
      expect(membership).toEqual({
        id: expect.stringMatching(/^orgmem_[0-9A-Za-z]{27}$/),
        role: 'org:member',
        organization: { ...organization, membersCount: 1 },
        publicUserData: {
          userId: user.id,
          firstName: 'Joiner',
          lastName: 'Tester',
          imageUrl: null,
          identifier: user.emailAddresses[0].emailAddress,
        },
        createdAt: expect.any(Number),
        updatedAt: expect.any(Number),
      });
    });

    it('refuses a second membership of the same user with already_a_member_in_organization', async () => {
      const organization = await createOrganization({ name: 'No Doubles' });
      const user = await createUser();
      await addMember(organization.id, user.id);
      const error = await rejectionOf(addMember(organization.id, user.id, 'org:admin'));
      expect(error).toBeInstanceOf(AlreadyAMemberInOrganizationError);
      expect(error).toMatchObject({ status: 400 });
    });

    it('answers 404 for an unknown organization first, then for an unknown user', async () => {
      const organization = await createOrganization({ name: 'Lonely' });
      await expect(rejectionOf(addMember('org_nothing', 'user_nobody'))).resolves.toMatchObject({
        code: 'resource_not_found',
        message: 'Organization not found',
      });
      await expect(rejectionOf(addMember(organization.id, 'user_nobody'))).resolves.toMatchObject({
        code: 'resource_not_found',
        param: 'user_id',
      });
    });

    it('refuses a role other than org:admin and org:member', async () => {
      const organization = await createOrganization({ name: 'Roles' });
      const user = await createUser();
      await expect(
        rejectionOf(addMember(organization.id, user.id, 'org:owner' as OrganizationRole)),
      ).resolves.toBeInstanceOf(InvalidRequestError);
    });

    it('changes a role, removes a member answering the old membership, and lists both ways', async () => {
      const organization = await createOrganization({ name: 'Lifecycle' });
      const [alice, bob] = [await createUser('Alice'), await createUser('Bob')];
      const other = await createOrganization({ name: 'Elsewhere' });
      await addMember(organization.id, alice.id, 'org:admin');
      await addMember(organization.id, bob.id);
      await addMember(other.id, bob.id, 'org:admin');

      const promoted = await accounts.rpc.send(ACCOUNTS_MEMBERSHIP_UPDATE, {
        organizationId: organization.id,
        userId: bob.id,
        role: 'org:admin',
      });
      expect(promoted.role).toBe('org:admin');

      const members = await accounts.rpc.send(ACCOUNTS_MEMBERSHIP_LIST, { organizationId: organization.id });
      expect(members.totalCount).toBe(2);
      expect(members.data.map((membership) => membership.publicUserData.firstName)).toEqual(['Bob', 'Alice']);
      const page = await accounts.rpc.send(ACCOUNTS_MEMBERSHIP_LIST, {
        organizationId: organization.id,
        limit: 1,
        offset: 1,
      });
      expect(page.data.map((membership) => membership.publicUserData.firstName)).toEqual(['Alice']);
      expect(page.totalCount).toBe(2);

      const bobs = await accounts.rpc.send(ACCOUNTS_USER_MEMBERSHIPS_LIST, { userId: bob.id });
      expect(bobs.data.map((membership) => [membership.organization.name, membership.role])).toEqual([
        ['Elsewhere', 'org:admin'],
        ['Lifecycle', 'org:admin'],
      ]);

      const removed = await accounts.rpc.send(ACCOUNTS_MEMBERSHIP_DELETE, {
        organizationId: organization.id,
        userId: bob.id,
      });
      expect(removed).toEqual(promoted);
      await expect(
        rejectionOf(accounts.rpc.send(ACCOUNTS_MEMBERSHIP_DELETE, { organizationId: organization.id, userId: bob.id })),
      ).resolves.toBeInstanceOf(ResourceNotFoundError);
      await expect(
        rejectionOf(
          accounts.rpc.send(ACCOUNTS_MEMBERSHIP_UPDATE, {
            organizationId: organization.id,
            userId: bob.id,
            role: 'org:member',
          }),
        ),
      ).resolves.toBeInstanceOf(ResourceNotFoundError);
      await expect(
        accounts.rpc.send(ACCOUNTS_ORGANIZATION_GET, { organizationId: organization.id }),
      ).resolves.toMatchObject({
        membersCount: 1,
      });
    });

    it('forgets the memberships of deleted users', async () => {
      const organization = await createOrganization({ name: 'Identifiers' });
      const user = await createUser('Leaving');
      await addMember(organization.id, user.id);
      await accounts.rpc.send(ACCOUNTS_USER_DELETE, { userId: user.id });
      await expect(accounts.rpc.send(ACCOUNTS_MEMBERSHIP_LIST, { organizationId: organization.id })).resolves.toEqual({
        data: [],
        totalCount: 0,
      });
    });

    it('answers 404 when listing for an unknown organization or user', async () => {
      await expect(
        rejectionOf(accounts.rpc.send(ACCOUNTS_MEMBERSHIP_LIST, { organizationId: 'org_nothing' })),
      ).resolves.toBeInstanceOf(ResourceNotFoundError);
      await expect(
        rejectionOf(accounts.rpc.send(ACCOUNTS_USER_MEMBERSHIPS_LIST, { userId: 'user_nobody' })),
      ).resolves.toBeInstanceOf(ResourceNotFoundError);
    });

    it('lets exactly one of concurrent additions of the same member win', async () => {
      const organization = await createOrganization({ name: 'Race Club' });
      const user = await createUser();
      const results = await Promise.allSettled(Array.from({ length: 6 }, () => addMember(organization.id, user.id)));
      expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
      for (const result of results.filter((result) => result.status === 'rejected')) {
        expect((result as PromiseRejectedResult).reason).toBeInstanceOf(AlreadyAMemberInOrganizationError);
      }
    });
  });
});
