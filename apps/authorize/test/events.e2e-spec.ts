import {
  AUTHORIZE_AUTHORIZED_APP_REVOKE,
  AUTHORIZE_AUTHORIZED_APPS_LIST,
  AUTHORIZE_CONSENT_REVOKE,
  AUTHORIZE_CONSENT_SUBMIT,
  AUTHORIZE_INTERACTION_GET,
  AUTHORIZE_REQUEST_START,
  AUTHORIZE_SESSION_END,
  AUTHORIZE_SIGN_IN_SUBMIT,
  TemporarilyUnavailableError,
  type AuthorizeParams,
  type BrowserIdentity,
  type EventEnvelope,
} from '@tessera/contracts';
import { randomHex, randomToken } from '@tessera/crypto';
import type { RpcClient } from '@tessera/nats';
import { EventInbox, type TestInfrastructure } from '@tessera/testing';
import { Client } from 'pg';
import { startAuthorizeStage, type AuthorizeStage } from './support/authorize-stage';
import { client, peers, type FakeUser } from './support/fake-peers';

const summary = (event: EventEnvelope) => ({
  type: event.type,
  actor: event.actor,
  aggregateId: event.aggregateId,
  payload: event.payload,
});

describe('authorize: domain events through the outbox', () => {
  let infra: TestInfrastructure;
  let stage: AuthorizeStage;
  let rpc: RpcClient;
  let db: Client;
  let inbox: EventInbox;
  /** Every secret a test typed or was given (passwords, identifiers typed, session and CSRF tokens). */
  const secrets = new Set<string>();

  beforeAll(async () => {
    stage = await startAuthorizeStage({ SIGN_IN_MAX_FAILURES_PER_ACCOUNT: '2', SIGN_IN_MAX_FAILURES_PER_IP: '50' });
    ({ infra, rpc } = stage);
    db = new Client({ connectionString: infra.database.url });
    await db.connect();
    // At the moment an authorization event arrives, is its change committed? (The consent is there, or gone.)
    inbox = await EventInbox.start(
      infra.nats.url,
      async (event) => {
        if (!event.type.startsWith('oauth_authorization.')) return undefined;
        const { rowCount } = await db.query('SELECT 1 FROM authorize.consents WHERE user_id = $1 AND client_id = $2', [
          event.payload.userId,
          event.payload.clientId,
        ]);
        return rowCount === 1 ? 'consent present' : 'no consent';
      },
      { filterSubjects: ['events.authorize.>'] },
    );
    peers.reset();
    peers.clients.set('app', client({ clientId: 'app' }));
    peers.clients.set('silent-app', client({ clientId: 'silent-app', consentScreenEnabled: false }));
  });

  afterAll(async () => {
    await inbox?.stop();
    await db?.end();
    await stage?.close();
  });

  afterEach(() => {
    peers.tokenDown = false;
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
    secrets.add(user.password);
    return user;
  }

  const newBrowser = (): BrowserIdentity => ({ browserBinding: randomToken(32) });
  const codeRequest = (overrides: AuthorizeParams = {}): AuthorizeParams => ({
    responseType: 'code',
    clientId: 'app',
    redirectUri: 'https://app.example/callback',
    scope: 'openid email',
    state: 'state-1',
    ...overrides,
  });

  async function openInteraction(browser: BrowserIdentity, params: AuthorizeParams) {
    const started = await rpc.send(AUTHORIZE_REQUEST_START, { params, repeated: [], browser });
    if (started.next.kind !== 'interaction') throw new Error(`expected a page, got ${JSON.stringify(started.next)}`);
    const { interactionId } = started.next;
    const page = await rpc.send(AUTHORIZE_INTERACTION_GET, { interactionId, browser });
    const csrfToken = page.page === 'sign_in' ? page.signIn.csrfToken : page.consent.csrfToken;
    secrets.add(csrfToken);
    return { interactionId, csrfToken };
  }

  async function submitSignIn(
    browser: BrowserIdentity,
    interaction: { interactionId: string; csrfToken: string },
    identifier: string,
    password: string,
    sourceIp: string,
  ) {
    secrets.add(identifier);
    secrets.add(password);
    const submitted = await rpc.send(AUTHORIZE_SIGN_IN_SUBMIT, {
      ...interaction,
      browser,
      identifier,
      password,
      sourceIp,
    });
    if (submitted.session?.action === 'set') {
      browser.sessionToken = submitted.session.token;
      secrets.add(submitted.session.token);
    }
    return submitted;
  }

  /** Signs in through an authorization request; leaves the browser on the consent page. */
  async function signedInOnConsentPage(user: FakeUser, params = codeRequest()) {
    const browser = newBrowser();
    const interaction = await openInteraction(browser, params);
    const signedIn = await submitSignIn(browser, interaction, user.email, user.password, '203.0.113.10');
    expect(signedIn.next).toMatchObject({ kind: 'interaction', page: 'consent' });
    return { browser, interaction };
  }

  const consent = (browser: BrowserIdentity, interaction: { interactionId: string; csrfToken: string }, yes = true) =>
    rpc.send(AUTHORIZE_CONSENT_SUBMIT, { ...interaction, browser, consented: yes });

  const asUser = (user: FakeUser) => ({ type: 'user', id: user.id });

  it('announces a sign-in and an allowed consent once each, in order, after they committed', async () => {
    const ada = newUser();
    const { browser, interaction } = await signedInOnConsentPage(ada);
    const allowed = await consent(browser, interaction);
    expect(allowed.next.params.code).toBeDefined();

    const events = await inbox.waitFor(ada.id, 2);
    expect(events.map(summary)).toEqual([
      { type: 'session.created', actor: asUser(ada), aggregateId: ada.id, payload: { userId: ada.id } },
      {
        type: 'oauth_authorization.granted',
        actor: asUser(ada),
        aggregateId: ada.id,
        payload: { userId: ada.id, clientId: 'app', scopes: ['openid', 'email'] },
      },
    ]);
    expect(new Set(events.map((event) => event.id)).size).toBe(2);
    expect(inbox.observedFor(ada.id)).toEqual([undefined, 'consent present']);
    for (const event of events) expect(Date.parse(event.occurredAt)).not.toBeNaN();
  });

  it('does not announce a silent code under a remembered consent; announces prompt=consent and new scopes', async () => {
    const ada = newUser();
    const { browser, interaction } = await signedInOnConsentPage(ada);
    await consent(browser, interaction);
    // Same scopes, session and remembered consent: a code with no page, nothing newly authorized.
    const silent = await rpc.send(AUTHORIZE_REQUEST_START, { params: codeRequest(), repeated: [], browser });
    expect(silent.next).toMatchObject({ kind: 'client_redirect', params: { code: expect.any(String) } });
    // Asked again, and allowed again.
    const again = await openInteraction(browser, codeRequest({ prompt: 'consent', scope: 'email' }));
    await consent(browser, again);
    // A client that skips the consent page: its first grant is announced (no page, nothing remembered).
    const skipped = await rpc.send(AUTHORIZE_REQUEST_START, {
      params: codeRequest({ clientId: 'silent-app', scope: 'profile' }),
      repeated: [],
      browser,
    });
    expect(skipped.next).toMatchObject({ kind: 'client_redirect', params: { code: expect.any(String) } });

    const grants = (await inbox.waitFor(ada.id, 4)).filter((event) => event.type === 'oauth_authorization.granted');
    expect(grants.map((event) => event.payload)).toEqual([
      { userId: ada.id, clientId: 'app', scopes: ['openid', 'email'] },
      { userId: ada.id, clientId: 'app', scopes: ['email'] },
      { userId: ada.id, clientId: 'silent-app', scopes: ['profile'] },
    ]);
  });

  it('announces one grant when the same consent form is submitted twice at once', async () => {
    const ada = newUser();
    const { browser, interaction } = await signedInOnConsentPage(ada);
    const outcomes = await Promise.allSettled([consent(browser, interaction), consent(browser, interaction)]);
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);

    const events = await inbox.waitFor(ada.id, 2);
    expect(events.map((event) => event.type)).toEqual(['session.created', 'oauth_authorization.granted']);
  });

  it('announces a denial once, with what was asked for', async () => {
    const ada = newUser();
    const { browser, interaction } = await signedInOnConsentPage(ada, codeRequest({ scope: 'profile email' }));
    const denied = await consent(browser, interaction, false);
    expect(denied.next.params.error).toBe('access_denied');
    await expect(consent(browser, interaction, false)).rejects.toThrow();

    const events = await inbox.waitFor(ada.id, 2);
    expect(events.map(summary)).toEqual([
      expect.objectContaining({ type: 'session.created' }),
      {
        type: 'oauth_authorization.denied',
        actor: asUser(ada),
        aggregateId: ada.id,
        payload: { userId: ada.id, clientId: 'app', scopes: ['profile', 'email'] },
      },
    ]);
    expect(inbox.observedFor(ada.id)).toEqual([undefined, 'no consent']);
  });

  it('announces failed and throttled sign-ins by source address, never with what was typed', async () => {
    const ada = newUser();
    const sourceIp = `198.51.100.${Math.floor(Math.random() * 200) + 1}`;
    const browser = newBrowser();
    const interaction = await openInteraction(browser, codeRequest());
    const wrong = `wrong-${randomToken(12)}`;
    const typo = `  ${ada.email.toUpperCase()} `;
    expect((await submitSignIn(browser, interaction, typo, wrong, sourceIp)).next.kind).toBe('sign_in_failed');
    expect((await submitSignIn(browser, interaction, ada.email, wrong, sourceIp)).next.kind).toBe('sign_in_failed');
    // Two failures for the account (the limit in this test): the right password is now refused too.
    expect((await submitSignIn(browser, interaction, ada.email, ada.password, sourceIp)).next.kind).toBe('throttled');

    const events = await inbox.waitFor(sourceIp, 3);
    const failed = (reason: string) => ({
      type: 'sign_in.failed',
      actor: { type: 'user', id: null },
      aggregateId: sourceIp,
      payload: { reason, sourceIp },
    });
    expect(events.map(summary)).toEqual([
      failed('invalid_credentials'),
      failed('invalid_credentials'),
      failed('throttled'),
    ]);
    const json = JSON.stringify(events);
    for (const typed of [wrong, ada.password, ada.email, typo.trim()]) {
      expect(json).not.toContain(typed);
    }
    expect(inbox.about(ada.id)).toEqual([]);
  });

  it('announces the end of a session at sign-out, and of the session a new sign-in replaces', async () => {
    const ada = newUser();
    const grace = newUser();
    const { browser } = await signedInOnConsentPage(ada);
    // Grace signs in on the same browser: Ada's session there ends, Grace's begins.
    const interaction = await openInteraction(browser, codeRequest({ prompt: 'login' }));
    await submitSignIn(browser, interaction, grace.username, grace.password, '203.0.113.10');
    await expect(rpc.send(AUTHORIZE_SESSION_END, { sessionToken: browser.sessionToken })).resolves.toEqual({
      ended: true,
    });
    // Signing out again, or with no session, ends nothing and announces nothing.
    await expect(rpc.send(AUTHORIZE_SESSION_END, { sessionToken: browser.sessionToken })).resolves.toEqual({
      ended: false,
    });
    await rpc.send(AUTHORIZE_SESSION_END, {});

    const [adas, graces] = [await inbox.waitFor(ada.id, 2), await inbox.waitFor(grace.id, 2)];
    expect(adas.map(summary)).toEqual([
      { type: 'session.created', actor: asUser(ada), aggregateId: ada.id, payload: { userId: ada.id } },
      // Ended by Grace's sign-in on this browser.
      { type: 'session.ended', actor: asUser(grace), aggregateId: ada.id, payload: { userId: ada.id } },
    ]);
    expect(graces.map(summary)).toEqual([
      { type: 'session.created', actor: asUser(grace), aggregateId: grace.id, payload: { userId: grace.id } },
      { type: 'session.ended', actor: asUser(grace), aggregateId: grace.id, payload: { userId: grace.id } },
    ]);
  });

  it('announces a revocation on the account page with the user as actor', async () => {
    const ada = newUser();
    const { browser, interaction } = await signedInOnConsentPage(ada);
    await consent(browser, interaction);
    const page = await rpc.send(AUTHORIZE_AUTHORIZED_APPS_LIST, { browser, returnTo: '/account/authorized-apps' });
    if (!page.signedIn) throw new Error('expected to be signed in');
    secrets.add(page.csrfToken);
    const revoke = () =>
      rpc.send(AUTHORIZE_AUTHORIZED_APP_REVOKE, { browser, csrfToken: page.csrfToken, clientId: 'app' });
    await expect(revoke()).resolves.toEqual({ revoked: true });
    await expect(revoke()).resolves.toEqual({ revoked: false });

    const events = await inbox.waitFor(ada.id, 3);
    expect(events.map(summary)[2]).toEqual({
      type: 'oauth_authorization.revoked',
      actor: asUser(ada),
      aggregateId: ada.id,
      payload: { userId: ada.id, clientId: 'app' },
    });
    expect(events).toHaveLength(3);
    expect(inbox.observedFor(ada.id)[2]).toBe('no consent');
  });

  it('announces nothing for a revocation the token service refused, and one event once it succeeds', async () => {
    const ada = newUser();
    const { browser, interaction } = await signedInOnConsentPage(ada);
    await consent(browser, interaction);

    peers.tokenDown = true;
    await expect(rpc.send(AUTHORIZE_CONSENT_REVOKE, { userId: ada.id, clientId: 'app' })).rejects.toBeInstanceOf(
      TemporarilyUnavailableError,
    );
    const { rowCount } = await db.query('SELECT 1 FROM authorize.consents WHERE user_id = $1', [ada.id]);
    expect(rowCount).toBe(1);

    peers.tokenDown = false;
    await rpc.send(AUTHORIZE_CONSENT_REVOKE, { userId: ada.id, clientId: 'app' });
    // The outbox keeps commit order: had the rolled-back revocation been published, it would come first.
    const events = await inbox.waitFor(ada.id, 3);
    expect(events.map(summary)).toEqual([
      expect.objectContaining({ type: 'session.created' }),
      expect.objectContaining({ type: 'oauth_authorization.granted' }),
      {
        type: 'oauth_authorization.revoked',
        actor: { type: 'admin', id: null },
        aggregateId: ada.id,
        payload: { userId: ada.id, clientId: 'app' },
      },
    ]);
  });

  it('never puts a password, a typed identifier, a session token or a CSRF token in any event', () => {
    expect(inbox.events.length).toBeGreaterThan(10);
    expect(secrets.size).toBeGreaterThan(10);
    const json = JSON.stringify(inbox.events);
    for (const secret of secrets)
      expect({ secret, found: json.includes(secret.trim()) }).toEqual({ secret, found: false });
  });
});
