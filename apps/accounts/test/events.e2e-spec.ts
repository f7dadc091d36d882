import {
  ACCOUNTS_MEMBERSHIP_CREATE,
  ACCOUNTS_MEMBERSHIP_DELETE,
  ACCOUNTS_MEMBERSHIP_UPDATE,
  ACCOUNTS_ORGANIZATION_CREATE,
  ACCOUNTS_ORGANIZATION_DELETE,
  ACCOUNTS_ORGANIZATION_UPDATE,
  ACCOUNTS_USER_CREATE,
  ACCOUNTS_USER_DELETE,
  ACCOUNTS_USER_UPDATE,
  type EventEnvelope,
} from '@tessera/contracts';
import { EventInbox } from '@tessera/testing';
import { rejectionOf, startAccounts, uniqueEmail, type AccountsHarness } from './accounts-harness';

const admin = { type: 'admin', id: null };

/** The parts of an event a test names; id and time are checked once, separately. */
const summary = (event: EventEnvelope) => ({
  type: event.type,
  actor: event.actor,
  aggregateId: event.aggregateId,
  payload: event.payload,
});

describe('accounts: domain events', () => {
  let accounts: AccountsHarness;
  let inbox: EventInbox;

  beforeAll(async () => {
    accounts = await startAccounts();
    // At the moment each event arrives, is the change it reports visible to others (committed)? For a role
    // change: the role then stored.
    inbox = await EventInbox.start(accounts.infra.nats.url, async (event) => {
      if (event.type === 'membership.updated') {
        const { rows } = await accounts.db.query('SELECT role FROM accounts.organization_memberships WHERE id = $1', [
          event.aggregateId,
        ]);
        return rows[0]?.role;
      }
      const table = event.type.startsWith('user.')
        ? 'users'
        : event.type.startsWith('organization.')
          ? 'organizations'
          : 'organization_memberships';
      const { rowCount } = await accounts.db.query(`SELECT 1 FROM accounts.${table} WHERE id = $1`, [
        event.aggregateId,
      ]);
      return rowCount === 1;
    });
  });

  afterAll(async () => {
    await inbox?.stop();
    await accounts?.close();
  });

  const createUser = () => accounts.rpc.send(ACCOUNTS_USER_CREATE, { emailAddresses: [uniqueEmail('events')] });

  it('publishes a user’s events once each, in order, after each change committed', async () => {
    const user = await createUser();
    await accounts.rpc.send(ACCOUNTS_USER_UPDATE, { userId: user.id, firstName: 'Ada' });
    await accounts.rpc.send(ACCOUNTS_USER_UPDATE, { userId: user.id, password: 'a long enough passphrase 42' });
    await accounts.rpc.send(ACCOUNTS_USER_DELETE, { userId: user.id });

    const events = await inbox.waitFor(user.id, 4);
    expect(events.map(summary)).toEqual(
      ['user.created', 'user.updated', 'user.updated', 'user.deleted'].map((type) => ({
        type,
        actor: admin,
        aggregateId: user.id,
        payload: { userId: user.id },
      })),
    );
    expect(new Set(events.map((event) => event.id)).size).toBe(4);
    for (const event of events) {
      expect(event.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(Date.parse(event.occurredAt)).toBeGreaterThan(Date.now() - 60_000);
    }
    // Created and updated: the user was there when the event arrived; deleted: gone already.
    const observed = inbox.received.filter(({ event }) => event.aggregateId === user.id).map((r) => r.observed);
    expect(observed).toEqual([true, true, true, false]);
    // The password itself is nowhere in the events.
    expect(JSON.stringify(events)).not.toContain('a long enough passphrase 42');
  });

  it('publishes nothing for a change that failed or changed nothing', async () => {
    const user = await createUser();
    const email = (await accounts.db.query('SELECT email FROM accounts.email_addresses WHERE user_id = $1', [user.id]))
      .rows[0].email as string;
    const taken = await rejectionOf(accounts.rpc.send(ACCOUNTS_USER_CREATE, { emailAddresses: [email] }));
    expect(taken.code).toBe('form_identifier_exists');
    await accounts.rpc.send(ACCOUNTS_USER_UPDATE, { userId: user.id });
    const missing = await rejectionOf(accounts.rpc.send(ACCOUNTS_USER_DELETE, { userId: 'user_missing' }));
    expect(missing.code).toBe('resource_not_found');

    expect((await inbox.waitFor(user.id, 1)).map((event) => event.type)).toEqual(['user.created']);
    expect(inbox.about('user_missing')).toEqual([]);
  });

  it('publishes organization and membership events, with one membership.deleted per cascaded membership', async () => {
    const [owner, member] = [await createUser(), await createUser()];
    const organization = await accounts.rpc.send(ACCOUNTS_ORGANIZATION_CREATE, {
      name: 'Evented',
      createdBy: owner.id,
    });
    const added = await accounts.rpc.send(ACCOUNTS_MEMBERSHIP_CREATE, {
      organizationId: organization.id,
      userId: member.id,
      role: 'org:member',
    });
    await accounts.rpc.send(ACCOUNTS_ORGANIZATION_UPDATE, { organizationId: organization.id, name: 'Evented 2' });
    await accounts.rpc.send(ACCOUNTS_MEMBERSHIP_DELETE, { organizationId: organization.id, userId: member.id });
    const readded = await accounts.rpc.send(ACCOUNTS_MEMBERSHIP_CREATE, {
      organizationId: organization.id,
      userId: member.id,
      role: 'org:admin',
    });
    await accounts.rpc.send(ACCOUNTS_ORGANIZATION_DELETE, { organizationId: organization.id });

    const orgRef = { organizationId: organization.id };
    expect((await inbox.waitFor(organization.id, 3)).map(summary)).toEqual([
      { type: 'organization.created', actor: admin, aggregateId: organization.id, payload: orgRef },
      { type: 'organization.updated', actor: admin, aggregateId: organization.id, payload: orgRef },
      { type: 'organization.deleted', actor: admin, aggregateId: organization.id, payload: orgRef },
    ]);
    const membershipEvents = inbox.events.filter(
      (event) => event.type.startsWith('membership.') && event.payload.organizationId === organization.id,
    );
    const creatorMembership = membershipEvents[0].aggregateId;
    expect(membershipEvents.slice(0, 4).map(summary)).toEqual([
      {
        type: 'membership.created',
        actor: admin,
        aggregateId: creatorMembership,
        payload: { ...orgRef, userId: owner.id, role: 'org:admin' },
      },
      {
        type: 'membership.created',
        actor: admin,
        aggregateId: added.id,
        payload: { ...orgRef, userId: member.id, role: 'org:member' },
      },
      { type: 'membership.deleted', actor: admin, aggregateId: added.id, payload: { ...orgRef, userId: member.id } },
      {
        type: 'membership.created',
        actor: admin,
        aggregateId: readded.id,
        payload: { ...orgRef, userId: member.id, role: 'org:admin' },
      },
    ]);
    // The organization's deletion takes its two remaining memberships with it, each with its event (in no
    // particular order between them), all recorded before the organization's own. The stream orders events per
    // aggregate only (the relay publishes aggregates side by side, docs/events.md), so it is their `occurredAt`
    // that says so, as consumers are told to compare, not their place in the stream.
    const cascaded = membershipEvents.slice(4);
    expect(cascaded.map(summary).sort((a, b) => a.aggregateId.localeCompare(b.aggregateId))).toEqual(
      [
        { id: creatorMembership, userId: owner.id },
        { id: readded.id, userId: member.id },
      ]
        .sort((a, b) => a.id.localeCompare(b.id))
        .map(({ id, userId }) => ({
          type: 'membership.deleted',
          actor: admin,
          aggregateId: id,
          payload: { ...orgRef, userId },
        })),
    );
    const organizationDeletedAt = Date.parse(inbox.about(organization.id)[2].occurredAt);
    for (const event of cascaded) expect(Date.parse(event.occurredAt)).toBeLessThanOrEqual(organizationDeletedAt);
  });

  it('publishes membership.updated once per role change, after it committed, and nothing for no change', async () => {
    const [member, stranger] = [await createUser(), await createUser()];
    const organization = await accounts.rpc.send(ACCOUNTS_ORGANIZATION_CREATE, { name: 'Promotions' });
    const membership = await accounts.rpc.send(ACCOUNTS_MEMBERSHIP_CREATE, {
      organizationId: organization.id,
      userId: member.id,
      role: 'org:member',
    });
    const setRole = (userId: string, role: 'org:admin' | 'org:member') =>
      accounts.rpc.send(ACCOUNTS_MEMBERSHIP_UPDATE, { organizationId: organization.id, userId, role });

    expect((await setRole(member.id, 'org:admin')).role).toBe('org:admin');
    await inbox.waitFor(membership.id, 2);
    // The role it already has, and a user who is no member: no change, no event.
    expect((await setRole(member.id, 'org:admin')).role).toBe('org:admin');
    expect((await rejectionOf(setRole(stranger.id, 'org:admin'))).code).toBe('resource_not_found');
    await setRole(member.id, 'org:member');

    const ref = { organizationId: organization.id, userId: member.id };
    expect((await inbox.waitFor(membership.id, 3)).map(summary)).toEqual([
      { type: 'membership.created', actor: admin, aggregateId: membership.id, payload: { ...ref, role: 'org:member' } },
      {
        type: 'membership.updated',
        actor: admin,
        aggregateId: membership.id,
        payload: { ...ref, role: 'org:admin', previousRole: 'org:member' },
      },
      {
        type: 'membership.updated',
        actor: admin,
        aggregateId: membership.id,
        payload: { ...ref, role: 'org:member', previousRole: 'org:admin' },
      },
    ]);
    // Each role change was stored when its event arrived.
    expect(inbox.observedFor(membership.id)).toEqual([true, 'org:admin', 'org:member']);
    expect(inbox.events.filter((event) => event.payload.userId === stranger.id).map((event) => event.type)).toEqual([
      'user.created',
    ]);
  });

  it('publishes membership.deleted for the memberships a deleted user leaves', async () => {
    const user = await createUser();
    const organization = await accounts.rpc.send(ACCOUNTS_ORGANIZATION_CREATE, { name: 'Left behind' });
    const membership = await accounts.rpc.send(ACCOUNTS_MEMBERSHIP_CREATE, {
      organizationId: organization.id,
      userId: user.id,
      role: 'org:member',
    });
    await accounts.rpc.send(ACCOUNTS_USER_DELETE, { userId: user.id });

    expect((await inbox.waitFor(membership.id, 2)).map((event) => event.type)).toEqual([
      'membership.created',
      'membership.deleted',
    ]);
    const types = inbox.events
      .filter((event) => event.aggregateId === user.id || event.aggregateId === membership.id)
      .map((event) => event.type);
    expect(types).toEqual(['user.created', 'membership.created', 'membership.deleted', 'user.deleted']);
  });
});
