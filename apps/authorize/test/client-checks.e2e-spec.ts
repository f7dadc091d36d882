import {
  AUTHORIZE_REQUEST_START,
  InvalidClientError,
  InvalidRequestError,
  type AuthorizeParams,
  type EventType,
} from '@tessera/contracts';
import { randomToken } from '@tessera/crypto';
import type { RpcClient } from '@tessera/nats';
import { eventually, publishEvent } from '@tessera/testing';
import { connect, type NatsConnection } from 'nats';
import { REMEMBERED_CHECK_TTL_MS } from '../src/authorize-request/remembered-checks';
import { startAuthorizeStage, type AuthorizeStage } from './support/authorize-stage';
import { client, peers } from './support/fake-peers';

/**
 * The registry's answers to `registry.authorization.check` reused by the authorize service (RememberedChecks): the
 * fake registry records every question it is asked.
 */
describe('authorize: the registry asked once per client and question, until the client changes', () => {
  let stage: AuthorizeStage;
  let rpc: RpcClient;
  let publisher: NatsConnection;

  beforeAll(async () => {
    stage = await startAuthorizeStage();
    ({ rpc } = stage);
    publisher = await connect({ servers: stage.infra.nats.url });
    peers.reset();
  });

  afterAll(async () => {
    await publisher?.close();
    await stage?.close();
  });

  const params = (clientId: string, overrides: AuthorizeParams = {}): AuthorizeParams => ({
    responseType: 'code',
    clientId,
    redirectUri: 'https://app.example/callback',
    scope: 'openid profile email',
    state: 'state-123',
    ...overrides,
  });
  /** Starts an authorization request with a fresh browser; resolves to what the service answered or threw. */
  const start = (request: AuthorizeParams) =>
    rpc
      .send(AUTHORIZE_REQUEST_START, { params: request, repeated: [], browser: { browserBinding: randomToken(32) } })
      .then(
        (answer) => answer.next.kind,
        (error: unknown) => error,
      );
  const questionsAbout = (clientId: string) => peers.checked.filter((question) => question.clientId === clientId);
  const announce = (type: EventType, clientId: string) =>
    publishEvent(publisher, {
      type,
      aggregateId: `oa_${clientId}`,
      payload: { applicationId: `oa_${clientId}`, clientId },
    });

  it('asks once for the same question, and again for another redirect_uri or scope, or no scope at all', async () => {
    peers.clients.set(
      'steady',
      client({ clientId: 'steady', redirectUris: ['https://app.example/callback', 'https://app.example/other'] }),
    );
    for (let i = 0; i < 3; i += 1) expect(await start(params('steady'))).toBe('interaction');
    expect(questionsAbout('steady')).toHaveLength(1);

    expect(await start(params('steady', { redirectUri: 'https://app.example/other' }))).toBe('interaction');
    expect(await start(params('steady', { scope: 'openid' }))).toBe('interaction');
    expect(await start(params('steady', { scope: undefined }))).toBe('interaction');
    expect(await start(params('steady', { scope: 'openid' }))).toBe('interaction');
    expect(questionsAbout('steady').map(({ redirectUri, scope }) => [redirectUri, scope])).toEqual([
      ['https://app.example/callback', 'openid profile email'],
      ['https://app.example/other', 'openid profile email'],
      ['https://app.example/callback', 'openid'],
      ['https://app.example/callback', undefined],
    ]);
  });

  it('asks again every time the registry refused', async () => {
    peers.clients.set('picky', client({ clientId: 'picky' }));
    for (let i = 0; i < 2; i += 1) {
      expect(await start(params('nobody'))).toBeInstanceOf(InvalidClientError);
      expect(await start(params('picky', { redirectUri: 'https://evil.example/callback' }))).toBeInstanceOf(
        InvalidRequestError,
      );
    }
    expect(questionsAbout('nobody')).toHaveLength(2);
    expect(questionsAbout('picky')).toHaveLength(2);
  });

  it.each(['oauth_application.updated', 'oauth_application.deleted'] as const)(
    'forgets a client’s answers once %s is announced, well before they would expire',
    async (type) => {
      const clientId = `changing-${type.split('.')[1]}`;
      peers.clients.set(clientId, client({ clientId }));
      expect(await start(params(clientId))).toBe('interaction');
      // The registry's answer changes (the redirect URI is no longer registered), and the change is announced.
      peers.clients.set(clientId, client({ clientId, redirectUris: ['https://app.example/new-callback'] }));
      expect(await start(params(clientId))).toBe('interaction');
      const announcedAt = Date.now();
      await announce(type, clientId);
      await eventually(async () => expect(await start(params(clientId))).toBeInstanceOf(InvalidRequestError));
      // Within moments, by the event: the answers would only have expired REMEMBERED_CHECK_TTL_MS after the first.
      expect(Date.now() - announcedAt).toBeLessThan(REMEMBERED_CHECK_TTL_MS / 2);
      expect(questionsAbout(clientId).length).toBeGreaterThanOrEqual(2);
    },
  );

  it('does not forget other clients’ answers when one changes', async () => {
    peers.clients.set('bystander', client({ clientId: 'bystander' }));
    peers.clients.set('changed', client({ clientId: 'changed' }));
    expect(await start(params('bystander'))).toBe('interaction');
    expect(await start(params('changed'))).toBe('interaction');
    await announce('oauth_application.secret_rotated', 'changed');
    await eventually(async () => {
      expect(await start(params('changed'))).toBe('interaction');
      expect(questionsAbout('changed')).toHaveLength(2);
    });
    expect(await start(params('bystander'))).toBe('interaction');
    expect(questionsAbout('bystander')).toHaveLength(1);
  });
});
