import {
  EVENT_STREAM,
  type EventType,
  TOKEN_GRANTS_REVOKE_FOR_CONSENT,
  TOKEN_KEYS_ROTATE,
  TOKEN_TOKEN_INTROSPECT,
  TOKEN_TOKEN_REVOKE,
  type EventActor,
  type EventEnvelope,
  type ExchangeClient,
  type TokenResponse,
} from '@tessera/contracts';
import { EventInbox, publishEvent as publishTestEvent } from '@tessera/testing';
import { connect, type NatsConnection } from 'nats';
import { DELETIONS_CONSUMER } from '../src/events/deletion-events.consumer';
import {
  USER_ID,
  confidentialClient,
  mintCode,
  redeem,
  refresh,
  rejection,
  startTokenService,
  type TokenService,
} from './token-test-kit';

const SCOPES = ['openid', 'profile', 'email', 'offline_access'];
const ADMIN: EventActor = { type: 'admin', id: null };
const SYSTEM: EventActor = { type: 'system', id: null };

describe('token service: domain events (outbox → JetStream)', () => {
  let service: TokenService;
  let inbox: EventInbox;
  let publisher: NatsConnection;
  /** Every code and token the tests handled: none may appear in any event. */
  const secrets: string[] = [];
  const client = confidentialClient({ clientId: 'client_events' });
  const fenceClient = confidentialClient({ clientId: 'client_fence' });

  beforeAll(async () => {
    service = await startTokenService();
    // At the moment an event arrives, is its grant already committed? (It must be: events follow the commit.)
    // Only the token service's subjects (an event it published on a wrong subject never arrives); the tests fence
    // with a later event rather than wait for strays (`settleMs: 0`).
    inbox = await EventInbox.start(
      service.infra.nats.url,
      async (event) => {
        if (!event.type.startsWith('oauth_token.')) return undefined;
        const [row] = await service.db.query(`SELECT revoked_reason FROM token.grants WHERE id = $1`, [
          event.aggregateId,
        ]);
        return row ?? 'missing';
      },
      { filterSubjects: ['events.token.>'], settleMs: 0 },
    );
    publisher = await connect({ servers: service.infra.nats.url });
  });

  afterAll(async () => {
    await inbox?.stop();
    await publisher?.close();
    await service?.close();
  });

  const introspect = (token: string) => service.rpc.send(TOKEN_TOKEN_INTROSPECT, { token });

  function keep(tokens: TokenResponse): TokenResponse {
    secrets.push(...[tokens.accessToken, tokens.refreshToken, tokens.idToken].filter((v): v is string => !!v));
    return tokens;
  }

  /** Mints and redeems a code; answers the tokens and their grant id. */
  async function issue(forClient: ExchangeClient, overrides: Parameters<typeof mintCode>[2] = {}) {
    const { code, verifier } = await mintCode(service, forClient, { scopes: SCOPES, ...overrides });
    secrets.push(code, verifier);
    const tokens = keep(await redeem(service, forClient, code, { codeVerifier: verifier }));
    const described = await introspect(tokens.accessToken);
    if (!described.active) throw new Error('a just-issued token should be active');
    return { code, verifier, tokens, grantId: described.grantId };
  }

  /**
   * Commits one event after everything the test did so far and waits for it. The relay publishes the outbox in
   * order, so once the fence's event is here, any event committed before it is here too: what has not arrived
   * by then was never published.
   */
  async function fence(): Promise<void> {
    const { grantId } = await issue(fenceClient, { scopes: ['profile'] });
    const arrived = await inbox.waitFor(grantId, 1);
    expect(arrived).toHaveLength(1);
  }
  const withoutFence = (events: EventEnvelope[]) => events.filter((event) => event.payload.clientId !== 'client_fence');

  const publishEvent = (type: EventType, aggregateId: string, payload: Record<string, unknown>) =>
    publishTestEvent(publisher, { type, aggregateId, payload });

  it('announces a redeemed code with one oauth_token.created, after the grant committed', async () => {
    const { grantId } = await issue(client);
    await inbox.waitFor(grantId, 1);
    await fence();
    expect(inbox.about(grantId)).toEqual([
      {
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        type: 'oauth_token.created',
        occurredAt: expect.any(String),
        actor: { type: 'client', id: 'client_events' },
        aggregateId: grantId,
        payload: {
          grantId,
          userId: USER_ID,
          clientId: 'client_events',
          scopes: SCOPES,
          grantType: 'authorization_code',
        },
      },
    ]);
    expect(inbox.observedFor(grantId)[0]).toEqual({ revoked_reason: null });
  });

  it('announces a rotation with one oauth_token.refreshed, and a grace-window retry with nothing', async () => {
    const { tokens, grantId } = await issue(client);
    const rotated = keep(await refresh(service, client, tokens.refreshToken!));
    // The same token again at once: a concurrent retry inside REFRESH_REUSE_GRACE_SECONDS gets the same answer.
    expect(await refresh(service, client, tokens.refreshToken!)).toEqual(rotated);
    await inbox.waitFor(grantId, 2);
    await fence();
    expect(inbox.about(grantId).map((event) => [event.type, event.actor, event.payload])).toEqual([
      ['oauth_token.created', expect.anything(), expect.anything()],
      [
        'oauth_token.refreshed',
        { type: 'client', id: 'client_events' },
        { grantId, userId: USER_ID, clientId: 'client_events' },
      ],
    ]);
  });

  it('publishes nothing for a failed exchange', async () => {
    const mark = inbox.mark();
    const { code, verifier } = await mintCode(service, client, { scopes: SCOPES });
    secrets.push(code, verifier);
    const { tokens } = await issue(client);
    const failures = [
      () => redeem(service, client, code, { codeVerifier: 'x'.repeat(43) }), // PKCE mismatch
      () => redeem(service, client, code, { codeVerifier: verifier, redirectUri: 'https://app.example.com/other' }),
      () => redeem(service, confidentialClient({ clientId: 'client_other' }), code, { codeVerifier: verifier }),
      () => redeem(service, client, 'no-such-code', { codeVerifier: verifier }),
      () => refresh(service, client, 'ort_no-such-token'),
      () => refresh(service, confidentialClient({ clientId: 'client_other' }), tokens.refreshToken!),
      () => refresh(service, client, tokens.refreshToken!, ['openid', 'admin']), // widening: invalid_scope
    ];
    for (const failure of failures) {
      expect(await rejection(failure())).toMatchObject({ code: expect.stringMatching(/^invalid_(grant|scope)$/) });
    }
    await fence();
    // Only the `created` of the grant issued above (for the refresh attempts); nothing of the failures.
    expect(withoutFence(inbox.since(mark)).map((event) => event.type)).toEqual(['oauth_token.created']);
  });

  it('announces a code replay with reuse_detected and revoked, and a further replay revokes nothing more', async () => {
    const { code, verifier, grantId } = await issue(client);
    const attacker = confidentialClient({ clientId: 'client_attacker' });
    expect(await rejection(redeem(service, attacker, code, { codeVerifier: verifier }))).toMatchObject({
      code: 'invalid_grant',
    });
    const events = await inbox.waitFor(grantId, 3);
    expect(events.map((event) => [event.type, event.actor, event.payload])).toEqual([
      ['oauth_token.created', expect.anything(), expect.anything()],
      [
        'oauth_token.reuse_detected',
        { type: 'client', id: 'client_attacker' },
        { grantId, userId: USER_ID, clientId: 'client_events', artifact: 'code' },
      ],
      ['oauth_token.revoked', SYSTEM, { grantId, userId: USER_ID, clientId: 'client_events', reason: 'code_replay' }],
    ]);
    expect(inbox.observedFor(grantId)[2]).toEqual({ revoked_reason: 'code_replay' });

    await rejection(redeem(service, client, code, { codeVerifier: verifier }));
    await inbox.waitFor(grantId, 4);
    await fence();
    expect(inbox.about(grantId).map((event) => event.type)).toEqual([
      'oauth_token.created',
      'oauth_token.reuse_detected',
      'oauth_token.revoked',
      'oauth_token.reuse_detected',
    ]);
  });

  it('announces a code replay that races the first redemption once', async () => {
    const mark = inbox.mark();
    const { code, verifier } = await mintCode(service, client, { scopes: SCOPES });
    secrets.push(code, verifier);
    const results = await Promise.allSettled([
      redeem(service, client, code, { codeVerifier: verifier }),
      redeem(service, client, code, { codeVerifier: verifier }),
    ]);
    for (const result of results) if (result.status === 'fulfilled') keep(result.value);
    await fence();
    const types = withoutFence(inbox.since(mark)).map((event) => event.type);
    // One grant, created once, reported and revoked once — whichever way the race went.
    expect(types).toEqual(['oauth_token.created', 'oauth_token.reuse_detected', 'oauth_token.revoked']);
  });

  it('announces refresh-token reuse with reuse_detected and revoked', async () => {
    const { tokens, grantId } = await issue(client);
    const second = keep(await refresh(service, client, tokens.refreshToken!));
    keep(await refresh(service, client, second.refreshToken!)); // the successor used: no grace for the first
    expect(await rejection(refresh(service, client, tokens.refreshToken!))).toMatchObject({
      code: 'invalid_grant',
      description: 'The refresh token was already used; the grant has been revoked',
    });
    const events = await inbox.waitFor(grantId, 5);
    await fence();
    expect(inbox.about(grantId).map((event) => [event.type, event.payload])).toEqual([
      ['oauth_token.created', expect.anything()],
      ['oauth_token.refreshed', expect.anything()],
      ['oauth_token.refreshed', expect.anything()],
      [
        'oauth_token.reuse_detected',
        { grantId, userId: USER_ID, clientId: 'client_events', artifact: 'refresh_token' },
      ],
      ['oauth_token.revoked', { grantId, userId: USER_ID, clientId: 'client_events', reason: 'refresh_token_reuse' }],
    ]);
    expect(events[3].actor).toEqual({ type: 'client', id: 'client_events' });
  });

  it('announces an RFC 7009 revocation once, however many of the grant’s tokens are revoked', async () => {
    const { tokens, grantId } = await issue(client);
    await service.rpc.send(TOKEN_TOKEN_REVOKE, { clientId: 'client_events', token: tokens.accessToken });
    await service.rpc.send(TOKEN_TOKEN_REVOKE, { clientId: 'client_events', token: tokens.refreshToken! });
    await inbox.waitFor(grantId, 2);
    await fence();
    expect(inbox.about(grantId).map((event) => [event.type, event.actor, event.payload])).toEqual([
      ['oauth_token.created', expect.anything(), expect.anything()],
      [
        'oauth_token.revoked',
        { type: 'client', id: 'client_events' },
        { grantId, userId: USER_ID, clientId: 'client_events', reason: 'revoked_by_client' },
      ],
    ]);
  });

  it('announces one revocation per grant a withdrawn consent revokes, none for grants already revoked', async () => {
    const live = await issue(client, { consentId: 'consent_events' });
    const revokedBefore = await issue(client, { consentId: 'consent_events' });
    await service.rpc.send(TOKEN_TOKEN_REVOKE, { clientId: 'client_events', token: revokedBefore.tokens.accessToken });
    await expect(service.rpc.send(TOKEN_GRANTS_REVOKE_FOR_CONSENT, { consentId: 'consent_events' })).resolves.toEqual({
      revokedGrants: 1,
    });
    await inbox.waitFor(live.grantId, 2);
    await fence();
    expect(inbox.about(live.grantId).at(-1)).toMatchObject({
      type: 'oauth_token.revoked',
      actor: SYSTEM,
      payload: { grantId: live.grantId, reason: 'consent_revoked' },
    });
    expect(inbox.about(revokedBefore.grantId).map((event) => event.payload.reason ?? event.type)).toEqual([
      'oauth_token.created',
      'revoked_by_client',
    ]);
  });

  describe('deletion events (durable consumer "token-deletions")', () => {
    it('revokes every grant of a deleted user, once, whatever the format of their tokens', async () => {
      const userId = 'user_to_delete';
      service.profiles.setUser({ id: userId });
      const jwt = await issue(client, { userId });
      const opaque = await issue(confidentialClient({ clientId: 'client_opaque', accessTokenFormat: 'opaque' }), {
        userId,
      });
      const bystander = await issue(client);

      const deleted = await publishEvent('user.deleted', userId, { userId });
      for (const { grantId } of [jwt, opaque]) {
        const events = await inbox.waitFor(grantId, 2);
        expect(events.at(-1)).toMatchObject({
          type: 'oauth_token.revoked',
          actor: deleted.actor,
          payload: { grantId, userId, reason: 'user_deleted' },
        });
      }
      for (const { tokens } of [jwt, opaque]) {
        expect(await introspect(tokens.accessToken)).toEqual({ active: false });
        expect(await introspect(tokens.refreshToken!)).toEqual({ active: false });
      }
      expect(await introspect(bystander.tokens.accessToken)).toMatchObject({ active: true });

      // The same deletion again (another delivery, or the admin API retried): nothing is left to revoke.
      const mark = inbox.mark();
      await publishEvent('user.deleted', userId, { userId });
      await publishEvent('user.deleted', userId, { userId });
      await fence();
      expect(withoutFence(inbox.since(mark))).toEqual([]);
      const consumer = await (await publisher.jetstreamManager()).consumers.info(EVENT_STREAM, DELETIONS_CONSUMER);
      expect(consumer.config.durable_name).toBe('token-deletions');
    });

    it('revokes every grant of a deleted application', async () => {
      const doomed = confidentialClient({ clientId: 'client_doomed' });
      const first = await issue(doomed);
      const second = await issue(doomed, { scopes: ['profile'] });
      const other = await issue(client);

      await publishEvent('oauth_application.deleted', 'app_doomed', {
        applicationId: 'app_doomed',
        clientId: 'client_doomed',
      });
      for (const { grantId, tokens } of [first, second]) {
        const events = await inbox.waitFor(grantId, 2);
        expect(events.at(-1)).toMatchObject({
          type: 'oauth_token.revoked',
          actor: ADMIN,
          payload: { grantId, clientId: 'client_doomed', reason: 'application_deleted' },
        });
        expect(await introspect(tokens.accessToken)).toEqual({ active: false });
      }
      expect(await introspect(other.tokens.accessToken)).toMatchObject({ active: true });
    });
  });

  it('announces a key rotation with signing_key.rotated', async () => {
    const { kid, alg } = await service.rpc.send(TOKEN_KEYS_ROTATE, {});
    const events = await inbox.waitFor(kid, 1);
    await fence();
    expect(inbox.about(kid)).toEqual([
      {
        id: events[0].id,
        type: 'signing_key.rotated',
        occurredAt: expect.any(String),
        actor: ADMIN,
        aggregateId: kid,
        payload: { kid, alg: 'RS256' },
      },
    ]);
    expect(alg).toBe('RS256');
  });

  it('never puts a code or a token in an event', () => {
    const published = JSON.stringify(inbox.events);
    expect(secrets.length).toBeGreaterThan(40);
    expect(inbox.events.length).toBeGreaterThan(30);
    for (const secret of secrets) expect(published).not.toContain(secret);
  });
});
