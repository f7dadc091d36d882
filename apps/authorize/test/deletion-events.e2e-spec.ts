import {
  AUTHORIZE_AUTHORIZED_APPS_LIST,
  AUTHORIZE_REQUEST_START,
  EVENT_STREAM,
  type EventType,
  type BrowserIdentity,
  type EventActor,
  type EventEnvelope,
} from '@tessera/contracts';
import { randomHex, randomToken } from '@tessera/crypto';
import type { RpcClient } from '@tessera/nats';
import { EventInbox, type TestInfrastructure, publishEvent as publishTestEvent } from '@tessera/testing';
import Redis from 'ioredis';
import { connect, type NatsConnection } from 'nats';
import { Client } from 'pg';
import { DELETIONS_CONSUMER } from '../src/deletions/deletion-events.consumer';
import { signInAndConsent } from './support/consenting-browser';
import { startAuthorizeStage, type AuthorizeStage } from './support/authorize-stage';
import { client, peers, type FakeUser } from './support/fake-peers';

const ADMIN: EventActor = { type: 'admin', id: null };

const summary = (event: EventEnvelope) => ({ type: event.type, actor: event.actor, payload: event.payload });

describe('authorize: deletions elsewhere (durable consumer "authorize-deletions")', () => {
  let infra: TestInfrastructure;
  let stage: AuthorizeStage;
  let rpc: RpcClient;
  let db: Client;
  let redis: Redis;
  let publisher: NatsConnection;
  let inbox: EventInbox;

  beforeAll(async () => {
    stage = await startAuthorizeStage();
    ({ infra, rpc } = stage);
    db = new Client({ connectionString: infra.database.url });
    await db.connect();
    redis = new Redis(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379');
    publisher = await connect({ servers: infra.nats.url });
    inbox = await EventInbox.start(infra.nats.url);
    peers.reset();
    for (const clientId of ['app', 'other-app', 'doomed-app']) peers.clients.set(clientId, client({ clientId }));
  });

  afterAll(async () => {
    await inbox?.stop();
    await publisher?.close();
    redis?.disconnect();
    await db?.end();
    await stage?.close();
  });

  /** A user of its own for each test, so that the events about it (aggregate = user id) are the test's alone. */
  function newUser(): FakeUser {
    const tag = randomHex(6);
    const user = {
      id: `user_${tag}`,
      email: `person-${tag}@example.com`,
      username: `person${tag}`,
      password: `pw-${randomToken(12)}`,
      organizations: [],
    };
    peers.users.push(user);
    return user;
  }

  const publishEvent = (type: EventType, aggregateId: string, payload: Record<string, unknown>) =>
    publishTestEvent(publisher, { type, aggregateId, payload });

  const consentedClients = async (user: FakeUser) =>
    (
      await db.query<{ client_id: string }>(
        'SELECT client_id FROM authorize.consents WHERE user_id = $1 ORDER BY client_id',
        [user.id],
      )
    ).rows.map((row) => row.client_id);

  const isSignedIn = async (browser: BrowserIdentity) =>
    (await rpc.send(AUTHORIZE_AUTHORIZED_APPS_LIST, { browser, returnTo: '/account/authorized-apps' })).signedIn;

  const ofType = (events: EventEnvelope[], type: string) => events.filter((event) => event.type === type);
  /** The inbox sees every catalog event: the deletions published here as well as what authorize announced. */
  const announced = (events: EventEnvelope[]) => events.filter((event) => event.type !== 'user.deleted');

  /**
   * Deletes a user of its own (with a consent) and waits for its revocation. The consumer handles the stream in
   * order, so once this one is handled, every deletion published before it has been handled too.
   */
  async function fence(): Promise<void> {
    const fenceUser = newUser();
    await signInAndConsent(rpc, fenceUser, 'app');
    await publishEvent('user.deleted', fenceUser.id, { userId: fenceUser.id });
    const events = await inbox.waitFor(fenceUser.id, 5, 15_000);
    expect(ofType(events, 'session.ended')).toHaveLength(1);
  }

  it("forgets a deleted user's consents and ends their sessions, once; other users keep theirs", async () => {
    const leaving = newUser();
    const staying = newUser();
    const firstBrowser = await signInAndConsent(rpc, leaving, 'app');
    await signInAndConsent(rpc, leaving, 'other-app', firstBrowser);
    const secondBrowser = await signInAndConsent(rpc, leaving, 'app');
    const bystander = await signInAndConsent(rpc, staying, 'app');
    expect(await consentedClients(leaving)).toEqual(['app', 'other-app']);
    expect(await isSignedIn(secondBrowser)).toBe(true);
    // Before the deletion: two sign-ins and two grants.
    expect(await inbox.waitFor(leaving.id, 4)).toHaveLength(4);

    await publishEvent('user.deleted', leaving.id, { userId: leaving.id });
    const events = announced(await inbox.waitFor(leaving.id, 9, 15_000));

    expect(await consentedClients(leaving)).toEqual([]);
    expect(await consentedClients(staying)).toEqual(['app']);
    for (const browser of [firstBrowser, secondBrowser]) expect(await isSignedIn(browser)).toBe(false);
    const silently = await rpc.send(AUTHORIZE_REQUEST_START, {
      params: { responseType: 'code', clientId: 'app', scope: 'openid email', prompt: 'none' },
      repeated: [],
      browser: firstBrowser,
    });
    expect(silently.next).toMatchObject({ kind: 'client_redirect', params: { error: 'login_required' } });
    expect(await isSignedIn(bystander)).toBe(true);
    expect(await redis.exists(`${infra.redisNamespace}:authorize:user-sessions:${leaving.id}`)).toBe(0);

    const revoked = (clientId: string) => ({
      type: 'oauth_authorization.revoked',
      actor: ADMIN,
      payload: { userId: leaving.id, clientId },
    });
    const ended = { type: 'session.ended', actor: ADMIN, payload: { userId: leaving.id } };
    // Consents first (in one transaction, in no particular order), then the sessions.
    const cascade = events.slice(4).map(summary);
    expect(cascade.slice(0, 2)).toEqual(expect.arrayContaining([revoked('app'), revoked('other-app')]));
    expect(cascade.slice(2)).toEqual([ended, ended]);

    // The same deletion again (a redelivery, or the admin API retried), and a malformed one: nothing more.
    await publishEvent('user.deleted', leaving.id, { userId: leaving.id });
    await publishEvent('user.deleted', leaving.id, { user: leaving.id });
    await fence();
    expect(announced(inbox.about(leaving.id))).toHaveLength(8);
    const consumer = await (await publisher.jetstreamManager()).consumers.info(EVENT_STREAM, DELETIONS_CONSUMER);
    expect(consumer.config.durable_name).toBe('authorize-deletions');
  });

  it("forgets a deleted application's consents, and no one is signed out", async () => {
    const ada = newUser();
    const grace = newUser();
    const adasBrowser = await signInAndConsent(rpc, ada, 'doomed-app');
    await signInAndConsent(rpc, ada, 'app', adasBrowser);
    await signInAndConsent(rpc, grace, 'doomed-app');

    await publishEvent('oauth_application.deleted', 'oa_doomed-app', {
      applicationId: 'oa_doomed-app',
      clientId: 'doomed-app',
    });
    const [adas, graces] = [await inbox.waitFor(ada.id, 4, 15_000), await inbox.waitFor(grace.id, 3, 15_000)];

    expect(await consentedClients(ada)).toEqual(['app']);
    expect(await consentedClients(grace)).toEqual([]);
    expect(await isSignedIn(adasBrowser)).toBe(true);
    for (const [user, events] of [
      [ada, adas],
      [grace, graces],
    ] as const) {
      expect(ofType(events, 'oauth_authorization.revoked').map(summary)).toEqual([
        { type: 'oauth_authorization.revoked', actor: ADMIN, payload: { userId: user.id, clientId: 'doomed-app' } },
      ]);
      expect(ofType(events, 'session.ended')).toEqual([]);
    }
  });
});
