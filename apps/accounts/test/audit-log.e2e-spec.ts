import {
  ACCOUNTS_AUDIT_LOG_LIST,
  ACCOUNTS_USER_CREATE,
  ACCOUNTS_USER_DELETE,
  ACCOUNTS_USER_UPDATE,
  eventCatalog,
  type AuditLogEntry,
  type RequestOf,
} from '@tessera/contracts';
import { connect } from 'nats';
import { randomUUID } from 'node:crypto';
import { rejectionOf, startAccounts, uniqueEmail, type AccountsHarness } from './accounts-harness';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('accounts: the audit log', () => {
  let accounts: AccountsHarness;
  const list = (request: RequestOf<typeof ACCOUNTS_AUDIT_LOG_LIST> = {}) =>
    accounts.rpc.send(ACCOUNTS_AUDIT_LOG_LIST, request);
  /** Waits until the log holds `count` entries matching the request. */
  const listWhen = async (request: RequestOf<typeof ACCOUNTS_AUDIT_LOG_LIST>, count: number) => {
    const deadline = Date.now() + 30_000;
    let page = await list(request);
    while (page.totalCount < count && Date.now() < deadline) {
      await pause(50);
      page = await list(request);
    }
    return page;
  };

  beforeAll(async () => {
    accounts = await startAccounts();
  });

  afterAll(async () => {
    await accounts?.close();
  });

  it('records every event, newest first, with its actor and payload', async () => {
    const user = await accounts.rpc.send(ACCOUNTS_USER_CREATE, { emailAddresses: [uniqueEmail('audited')] });
    await accounts.rpc.send(ACCOUNTS_USER_UPDATE, { userId: user.id, lastName: 'Audited' });
    await accounts.rpc.send(ACCOUNTS_USER_DELETE, { userId: user.id });

    const page = await listWhen({ userId: user.id }, 3);
    expect(page.totalCount).toBe(3);
    expect(page.data).toEqual(
      ['user.deleted', 'user.updated', 'user.created'].map((type): AuditLogEntry => ({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        type,
        occurredAt: expect.any(Number),
        actor: { type: 'admin', id: null },
        aggregateId: user.id,
        payload: { userId: user.id },
      })),
    );
    const times = page.data.map((entry) => entry.occurredAt);
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  it('keeps one entry per event however often the event is delivered', async () => {
    const user = await accounts.rpc.send(ACCOUNTS_USER_CREATE, { emailAddresses: [uniqueEmail('redelivered')] });
    const [original] = (await listWhen({ userId: user.id }, 1)).data;
    // The same event again under another message id (the stream's duplicate window would drop the same one), as
    // a redelivery after a crash between writing and acknowledging would bring it.
    const connection = await connect({ servers: accounts.infra.nats.url });
    const envelope = { ...original, occurredAt: new Date(original.occurredAt).toISOString() };
    await connection.jetstream().publish(eventCatalog['user.created'].subject, JSON.stringify(envelope), {
      msgID: randomUUID(),
    });
    const marker = await accounts.rpc.send(ACCOUNTS_USER_CREATE, { emailAddresses: [uniqueEmail('marker')] });
    await listWhen({ userId: marker.id }, 1); // the redelivered event came before this one
    await connection.close();

    expect((await list({ userId: user.id })).data).toEqual([original]);
  });

  it('filters by type, user, client and time, and pages', async () => {
    const since = Date.now() - 1;
    const users = [];
    for (let i = 0; i < 3; i++) {
      users.push(await accounts.rpc.send(ACCOUNTS_USER_CREATE, { emailAddresses: [uniqueEmail('paged')] }));
    }
    await accounts.rpc.send(ACCOUNTS_USER_UPDATE, { userId: users[0].id, firstName: 'Paged' });
    const all = await listWhen({ since }, 4);
    expect(all.data.map((entry) => [entry.type, entry.aggregateId])).toEqual([
      ['user.updated', users[0].id],
      ['user.created', users[2].id],
      ['user.created', users[1].id],
      ['user.created', users[0].id],
    ]);

    expect(await list({ since, types: ['user.created'], limit: 2 })).toEqual({
      data: all.data.slice(1, 3),
      totalCount: 3,
    });
    expect(await list({ since, types: ['user.created'], limit: 2, offset: 2 })).toEqual({
      data: all.data.slice(3),
      totalCount: 3,
    });
    expect(await list({ since, types: ['user.updated', 'organization.created'] })).toEqual({
      data: all.data.slice(0, 1),
      totalCount: 1,
    });
    expect(await list({ userId: users[0].id })).toEqual({ data: [all.data[0], all.data[3]], totalCount: 2 });
    // `since` is inclusive and `until` exclusive.
    const middle = all.data[2];
    expect(await list({ since: middle.occurredAt, until: all.data[1].occurredAt + 1 })).toMatchObject({
      data: expect.arrayContaining([middle, all.data[1]]),
    });
    expect((await list({ since, until: middle.occurredAt })).data).not.toContainEqual(middle);
    expect(await list({ clientId: 'no-such-client' })).toEqual({ data: [], totalCount: 0 });
  });

  it('refuses an unknown event type', async () => {
    const refused = await rejectionOf(list({ types: ['user.exploded' as 'user.created'] }));
    expect(refused.code).toBe('invalid_request');
  });
});
