import {
  ACCOUNTS_MEMBERSHIP_CHECK,
  ACCOUNTS_MEMBERSHIP_CREATE,
  ACCOUNTS_MEMBERSHIP_DELETE,
  ACCOUNTS_ORGANIZATION_CREATE,
  ACCOUNTS_ORGANIZATION_UPDATE,
  ACCOUNTS_USER_CREATE,
  ACCOUNTS_USER_DELETE,
  ACCOUNTS_USER_ORGANIZATIONS_LIST,
  ACCOUNTS_USER_PROFILE_GET,
  ACCOUNTS_USER_UPDATE,
  InvalidRequestError,
  ResourceNotFoundError,
  type OrganizationView,
  type UserView,
} from '@tessera/contracts';
import { PROFILE_QUERY } from '../src/profiles/profile.query';
import { rejectionOf, startAccounts, uniqueEmail, type AccountsHarness } from './accounts-harness';

describe('accounts: what other services ask about users', () => {
  let accounts: AccountsHarness;
  let user: UserView;
  let acme: OrganizationView;
  let globex: OrganizationView;

  beforeAll(async () => {
    accounts = await startAccounts();
    user = await accounts.rpc.send(ACCOUNTS_USER_CREATE, {
      emailAddresses: [uniqueEmail('Grace'), uniqueEmail('other')],
      username: 'grace',
      firstName: 'Grace',
      lastName: 'Hopper',
      imageUrl: 'https://img.example.com/grace.png',
      password: 'cobol forever',
      publicMetadata: { rank: 'rear admiral' },
      privateMetadata: { clearance: 'high' },
      unsafeMetadata: { theme: 'navy' },
    });
    acme = await accounts.rpc.send(ACCOUNTS_ORGANIZATION_CREATE, { name: 'Acme', createdBy: user.id });
    globex = await accounts.rpc.send(ACCOUNTS_ORGANIZATION_CREATE, { name: 'Globex' });
    await accounts.rpc.send(ACCOUNTS_MEMBERSHIP_CREATE, {
      organizationId: globex.id,
      userId: user.id,
      role: 'org:member',
    });
  });

  afterAll(async () => {
    await accounts?.close();
  });

  describe('accounts.user_profile.get.v1', () => {
    it('answers the profile with updatedAt in Unix seconds and no organization when none was asked for', async () => {
      await expect(accounts.rpc.send(ACCOUNTS_USER_PROFILE_GET, { userId: user.id })).resolves.toEqual({
        id: user.id,
        username: 'grace',
        firstName: 'Grace',
        lastName: 'Hopper',
        imageUrl: 'https://img.example.com/grace.png',
        primaryEmail: user.emailAddresses[0].emailAddress,
        emailVerified: true,
        publicMetadata: { rank: 'rear admiral' },
        privateMetadata: { clearance: 'high' },
        unsafeMetadata: { theme: 'navy' },
        updatedAt: Math.floor(user.updatedAt / 1000),
        organization: null,
      });
    });

    it('adds the organization with the user’s role when asked for one the user belongs to', async () => {
      const profile = await accounts.rpc.send(ACCOUNTS_USER_PROFILE_GET, { userId: user.id, organizationId: acme.id });
      expect(profile.organization).toEqual({ id: acme.id, name: 'Acme', slug: 'acme', role: 'org:admin' });
      const other = await accounts.rpc.send(ACCOUNTS_USER_PROFILE_GET, { userId: user.id, organizationId: globex.id });
      expect(other.organization).toEqual({ id: globex.id, name: 'Globex', slug: 'globex', role: 'org:member' });
    });

    it('leaves organization null for an organization the user does not belong to, or that does not exist', async () => {
      const outsider = await accounts.rpc.send(ACCOUNTS_ORGANIZATION_CREATE, { name: 'Outsiders' });
      for (const organizationId of [outsider.id, 'org_nothing']) {
        const profile = await accounts.rpc.send(ACCOUNTS_USER_PROFILE_GET, { userId: user.id, organizationId });
        expect(profile.organization).toBeNull();
        expect(profile.id).toBe(user.id);
      }
    });

    it('follows the primary address and its verification status', async () => {
      const updated = await accounts.rpc.send(ACCOUNTS_USER_UPDATE, {
        userId: user.id,
        primaryEmailAddressId: user.emailAddresses[1].id,
      });
      await accounts.db.query(`UPDATE accounts.email_addresses SET verification_status = 'unverified' WHERE id = $1`, [
        user.emailAddresses[1].id,
      ]);
      try {
        await expect(accounts.rpc.send(ACCOUNTS_USER_PROFILE_GET, { userId: user.id })).resolves.toMatchObject({
          primaryEmail: user.emailAddresses[1].emailAddress,
          emailVerified: false,
          updatedAt: Math.floor(updated.updatedAt / 1000),
        });
      } finally {
        await accounts.db.query(`UPDATE accounts.email_addresses SET verification_status = 'verified' WHERE id = $1`, [
          user.emailAddresses[1].id,
        ]);
        await accounts.rpc.send(ACCOUNTS_USER_UPDATE, {
          userId: user.id,
          primaryEmailAddressId: user.emailAddresses[0].id,
        });
      }
    });

    it('shows an organization rename at once', async () => {
      const renamed = await accounts.rpc.send(ACCOUNTS_ORGANIZATION_CREATE, { name: 'Old Name' });
      await accounts.rpc.send(ACCOUNTS_MEMBERSHIP_CREATE, {
        organizationId: renamed.id,
        userId: user.id,
        role: 'org:member',
      });
      await accounts.rpc.send(ACCOUNTS_ORGANIZATION_UPDATE, {
        organizationId: renamed.id,
        name: 'New Name',
        slug: 'new-name',
      });
      const profile = await accounts.rpc.send(ACCOUNTS_USER_PROFILE_GET, {
        userId: user.id,
        organizationId: renamed.id,
      });
      expect(profile.organization).toEqual({ id: renamed.id, name: 'New Name', slug: 'new-name', role: 'org:member' });
      await accounts.rpc.send(ACCOUNTS_MEMBERSHIP_DELETE, { organizationId: renamed.id, userId: user.id });
    });

    it('answers resource_not_found for an unknown user and invalid_request for a malformed payload', async () => {
      await expect(
        rejectionOf(accounts.rpc.send(ACCOUNTS_USER_PROFILE_GET, { userId: 'user_nobody' })),
      ).resolves.toBeInstanceOf(ResourceNotFoundError);
      await expect(rejectionOf(accounts.rpc.send(ACCOUNTS_USER_PROFILE_GET, { userId: '' }))).resolves.toBeInstanceOf(
        InvalidRequestError,
      );
    });

    it('reads the profile with one statement that every table can answer from an index', async () => {
      // With sequential scans disabled the planner still picks one where no index can serve a table.
      await accounts.db.query('SET enable_seqscan = off');
      try {
        const { rows } = await accounts.db.query(`EXPLAIN (FORMAT JSON) ${PROFILE_QUERY}`, [user.id, acme.id]);
        const plan = JSON.stringify(rows[0]['QUERY PLAN']);
        expect(plan).not.toContain('Seq Scan');
        for (const table of ['users', 'email_addresses', 'organization_memberships', 'organizations']) {
          expect(plan).toContain(`"Relation Name":"${table}"`);
        }
      } finally {
        await accounts.db.query('RESET enable_seqscan');
      }
    });
  });

  describe('accounts.user_organizations.list.v1', () => {
    it('lists the user’s organizations with roles, oldest membership first', async () => {
      await expect(accounts.rpc.send(ACCOUNTS_USER_ORGANIZATIONS_LIST, { userId: user.id })).resolves.toEqual({
        organizations: [
          { id: acme.id, name: 'Acme', slug: 'acme', role: 'org:admin' },
          { id: globex.id, name: 'Globex', slug: 'globex', role: 'org:member' },
        ],
      });
    });

    it('answers an empty list for a user in no organization, and 404 for an unknown user', async () => {
      const loner = await accounts.rpc.send(ACCOUNTS_USER_CREATE, { emailAddresses: [uniqueEmail('loner')] });
      await expect(accounts.rpc.send(ACCOUNTS_USER_ORGANIZATIONS_LIST, { userId: loner.id })).resolves.toEqual({
        organizations: [],
      });
      await expect(
        rejectionOf(accounts.rpc.send(ACCOUNTS_USER_ORGANIZATIONS_LIST, { userId: 'user_nobody' })),
      ).resolves.toBeInstanceOf(ResourceNotFoundError);
    });
  });

  describe('accounts.membership.check.v1', () => {
    it('answers member with the organization and role', async () => {
      await expect(
        accounts.rpc.send(ACCOUNTS_MEMBERSHIP_CHECK, { userId: user.id, organizationId: acme.id }),
      ).resolves.toEqual({
        member: true,
        organization: { id: acme.id, name: 'Acme', slug: 'acme', role: 'org:admin' },
      });
    });

    it('answers not a member for other organizations, unknown ones and unknown users', async () => {
      const outsider = await accounts.rpc.send(ACCOUNTS_ORGANIZATION_CREATE, { name: 'Not Mine' });
      for (const [userId, organizationId] of [
        [user.id, outsider.id],
        [user.id, 'org_nothing'],
        ['user_nobody', acme.id],
      ]) {
        await expect(accounts.rpc.send(ACCOUNTS_MEMBERSHIP_CHECK, { userId, organizationId })).resolves.toEqual({
          member: false,
          organization: null,
        });
      }
    });

    it('forgets a deleted user’s memberships', async () => {
      const leaving = await accounts.rpc.send(ACCOUNTS_USER_CREATE, { emailAddresses: [uniqueEmail('leaving')] });
      await accounts.rpc.send(ACCOUNTS_MEMBERSHIP_CREATE, {
        organizationId: acme.id,
        userId: leaving.id,
        role: 'org:member',
      });
      await accounts.rpc.send(ACCOUNTS_USER_DELETE, { userId: leaving.id });
      await expect(
        accounts.rpc.send(ACCOUNTS_MEMBERSHIP_CHECK, { userId: leaving.id, organizationId: acme.id }),
      ).resolves.toEqual({ member: false, organization: null });
    });
  });
});
