import {
  AccessDeniedError,
  AUTHORIZE_AUTHORIZED_APP_REVOKE,
  AUTHORIZE_AUTHORIZED_APPS_LIST,
  AUTHORIZE_CONSENT_REVOKE,
  AUTHORIZE_CONSENT_SUBMIT,
  AUTHORIZE_CONSENTS_LIST,
  AUTHORIZE_INTERACTION_GET,
  AUTHORIZE_REQUEST_START,
  AUTHORIZE_SESSION_END,
  AUTHORIZE_SIGN_IN_SUBMIT,
  InvalidClientError,
  InvalidRequestError,
  ResourceNotFoundError,
  TemporarilyUnavailableError,
  type AuthorizeParams,
  type BrowserIdentity,
  type RequestOf,
} from '@tessera/contracts';
import { randomToken } from '@tessera/crypto';
import type { RpcClient } from '@tessera/nats';
import type { TestInfrastructure } from '@tessera/testing';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import Redis from 'ioredis';
import { Client } from 'pg';
import { startAuthorizeStage, type AuthorizeStage } from './support/authorize-stage';
import { client, peers } from './support/fake-peers';

const ISSUER = 'https://id.example.com';
const CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';
const ada = {
  id: 'user_ada',
  email: 'ada@example.com',
  username: 'ada',
  password: 'correct horse battery staple',
  organizations: [
    { id: 'org_engines', name: 'Analytical Engines', slug: 'engines', role: 'org:admin' as const },
    { id: 'org_poetry', name: 'Poetical Science', slug: 'poetry', role: 'org:member' as const },
  ],
};
const grace = {
  id: 'user_grace',
  email: 'grace@example.com',
  username: 'grace',
  password: 'cobol-forever',
  organizations: [],
};

describe('the authorize service over NATS', () => {
  let infra: TestInfrastructure;
  let stage: AuthorizeStage;
  let rpc: RpcClient;
  let signingKey: CryptoKey;

  beforeAll(async () => {
    stage = await startAuthorizeStage({
      ISSUER,
      SIGN_IN_MAX_FAILURES_PER_ACCOUNT: '3',
      SIGN_IN_MAX_FAILURES_PER_IP: '6',
      SIGN_IN_THROTTLE_WINDOW_SECONDS: '900',
    });
    ({ infra, rpc } = stage);
    const keys = await generateKeyPair('RS256');
    signingKey = keys.privateKey;
    peers.reset();
    peers.jwks = [{ ...(await exportJWK(keys.publicKey)), kid: 'test-key', use: 'sig', alg: 'RS256' } as never];
  });

  afterAll(async () => {
    await stage.close();
  });

  /** Each test starts with no consents, sessions or failure counters. */
  async function forgetEverything() {
    const database = new Client({ connectionString: infra.database.url });
    await database.connect();
    await database.query('DELETE FROM authorize.consents');
    await database.end();
    const redis = new Redis(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379');
    const keys = await redis.keys(`${infra.redisNamespace}:authorize:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  }

  beforeEach(async () => {
    await forgetEverything();
    const { jwks } = peers;
    peers.reset();
    peers.jwks = jwks;
    peers.users = [ada, grace];
    peers.clients.set('app', client({ clientId: 'app' }));
    peers.clients.set('public-app', client({ clientId: 'public-app', public: true }));
    peers.clients.set('silent-app', client({ clientId: 'silent-app', consentScreenEnabled: false }));
    peers.clients.set(
      'dcr-app',
      client({ clientId: 'dcr-app', consentScreenEnabled: false, dynamicallyRegistered: true }),
    );
  });

  /** A browser: its CSRF binding cookie and, once signed in, its session cookie. */
  const newBrowser = (): BrowserIdentity => ({ browserBinding: randomToken(32) });
  const codeRequest = (overrides: AuthorizeParams = {}): AuthorizeParams => ({
    responseType: 'code',
    clientId: 'app',
    redirectUri: 'https://app.example/callback',
    scope: 'openid profile email',
    state: 'state-123',
    ...overrides,
  });
  const start = (browser: BrowserIdentity, params: AuthorizeParams, repeated: string[] = []) =>
    rpc.send(AUTHORIZE_REQUEST_START, { params, repeated, browser });
  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => undefined,
      (error: unknown) => error,
    );

  async function openInteraction(browser: BrowserIdentity, params: AuthorizeParams) {
    const started = await start(browser, params);
    if (started.next.kind !== 'interaction') throw new Error(`expected a page, got ${JSON.stringify(started.next)}`);
    const page = await rpc.send(AUTHORIZE_INTERACTION_GET, { interactionId: started.next.interactionId, browser });
    const csrfToken = page.page === 'sign_in' ? page.signIn.csrfToken : page.consent.csrfToken;
    return { interactionId: started.next.interactionId, page, csrfToken };
  }

  async function signInAs(
    browser: BrowserIdentity,
    interactionId: string,
    csrfToken: string,
    user: { email: string; password: string },
    sourceIp = '203.0.113.7',
  ) {
    const submitted = await rpc.send(AUTHORIZE_SIGN_IN_SUBMIT, {
      interactionId,
      browser,
      csrfToken,
      identifier: user.email,
      password: user.password,
      sourceIp,
    });
    if (submitted.session?.action === 'set') browser.sessionToken = submitted.session.token;
    return submitted;
  }

  /** Signs a browser in through a full authorization (with consent), leaving a session and a remembered consent. */
  async function signedInBrowser(user = ada, params = codeRequest()) {
    const browser = newBrowser();
    const { interactionId, csrfToken } = await openInteraction(browser, params);
    const signedIn = await signInAs(browser, interactionId, csrfToken, user);
    if (signedIn.next.kind === 'interaction') {
      const consentPage = await rpc.send(AUTHORIZE_INTERACTION_GET, { interactionId, browser });
      if (consentPage.page !== 'consent') throw new Error('expected the consent page');
      await rpc.send(AUTHORIZE_CONSENT_SUBMIT, {
        interactionId,
        browser,
        csrfToken: consentPage.consent.csrfToken,
        consented: true,
      });
    }
    return browser;
  }

  describe('before the redirect_uri is known to be good (errors are pages, never redirects)', () => {
    it('refuses an unknown client', async () => {
      const error = await failure(start(newBrowser(), codeRequest({ clientId: 'nobody' })));
      expect(error).toBeInstanceOf(InvalidClientError);
    });

    it('refuses an unregistered redirect_uri', async () => {
      const error = await failure(start(newBrowser(), codeRequest({ redirectUri: 'https://evil.example/cb' })));
      expect(error).toBeInstanceOf(InvalidRequestError);
      expect(error).toMatchObject({ param: 'redirect_uri' });
    });

    it('refuses a missing or repeated client_id and a repeated redirect_uri', async () => {
      await expect(start(newBrowser(), codeRequest({ clientId: undefined }))).rejects.toThrow(
        new InvalidRequestError('The "client_id" parameter is required'),
      );
      await expect(start(newBrowser(), codeRequest(), ['redirect_uri'])).rejects.toThrow(
        new InvalidRequestError('The "redirect_uri" parameter must not be repeated'),
      );
    });
  });

  describe('errors sent to the client', () => {
    it('sends invalid_scope with state and iss', async () => {
      const started = await start(newBrowser(), codeRequest({ scope: 'openid admin' }));
      expect(started.next).toEqual({
        kind: 'client_redirect',
        redirectUri: 'https://app.example/callback',
        responseMode: 'query',
        params: {
          error: 'invalid_scope',
          error_description: 'The client may not request the scope "admin"',
          state: 'state-123',
          iss: ISSUER,
        },
      });
    });

    it('sends invalid_scope to the only registered redirect_uri when the request had none', async () => {
      const started = await start(newBrowser(), codeRequest({ scope: 'admin', redirectUri: undefined }));
      expect(started.next).toMatchObject({
        redirectUri: 'https://app.example/callback',
        params: { error: 'invalid_scope' },
      });
    });

    it.each([
      [{ responseType: undefined }, 'invalid_request', 'The "response_type" parameter is required'],
      [{ responseType: 'token' }, 'unsupported_response_type', 'The only supported response_type is "code"'],
      [{ prompt: 'none login' }, 'invalid_request', 'The prompt value "none" must not be combined with other values'],
      [{ maxAge: 'soon' }, 'invalid_request', 'The "max_age" parameter must be a non-negative integer'],
      [{ request: 'eyJhbGciOiJub25lIn0.e30.' }, 'request_not_supported', 'The "request" parameter is not supported'],
      [
        { codeChallenge: CHALLENGE, codeChallengeMethod: 'plain' },
        'invalid_request',
        'The "code_challenge_method" parameter must be "S256" ("plain" is not supported)',
      ],
    ])('sends %j as %s', async (overrides, error, description) => {
      const started = await start(newBrowser(), codeRequest(overrides));
      expect(started.next).toEqual({
        kind: 'client_redirect',
        redirectUri: 'https://app.example/callback',
        responseMode: 'query',
        params: { error, error_description: description, state: 'state-123', iss: ISSUER },
      });
    });

    it('requires PKCE from a public client', async () => {
      const started = await start(newBrowser(), codeRequest({ clientId: 'public-app' }));
      expect(started.next).toMatchObject({
        params: {
          error: 'invalid_request',
          error_description: 'This client must use PKCE: the "code_challenge" parameter is required',
        },
      });
    });

    it('answers by form_post when asked, and does not echo a repeated state', async () => {
      const started = await start(newBrowser(), codeRequest({ responseMode: 'form_post' }), ['state']);
      expect(started.next).toEqual({
        kind: 'client_redirect',
        redirectUri: 'https://app.example/callback',
        responseMode: 'form_post',
        params: {
          error: 'invalid_request',
          error_description: 'The "state" parameter must not be repeated',
          iss: ISSUER,
        },
      });
    });

    it('answers prompt=none without a session with login_required', async () => {
      const started = await start(newBrowser(), codeRequest({ prompt: 'none' }));
      expect(started.next).toMatchObject({ params: { error: 'login_required', state: 'state-123', iss: ISSUER } });
    });
  });

  describe('sign-in, consent and the code', () => {
    it('signs in, asks for consent and mints a code with the grant snapshot', async () => {
      const browser = newBrowser();
      const params = codeRequest({
        scope: 'openid profile user:org:read',
        nonce: 'nonce-1',
        codeChallenge: CHALLENGE,
        codeChallengeMethod: 'S256',
        loginHint: 'ada@example.com',
      });
      const { interactionId, page, csrfToken } = await openInteraction(browser, params);
      expect(page).toEqual({
        page: 'sign_in',
        signIn: {
          interactionId,
          csrfToken,
          client: { clientId: 'app', name: 'Example App', logoUri: null, clientUri: null },
          redirectUri: 'https://app.example/callback',
          identifier: 'ada@example.com',
          failed: false,
        },
      });

      const signedIn = await signInAs(browser, interactionId, csrfToken, ada);
      expect(signedIn.next).toEqual({ kind: 'interaction', interactionId, page: 'consent' });
      expect(signedIn.session).toEqual({
        action: 'set',
        token: expect.stringMatching(/^[\w-]{43}$/),
        maxAgeSeconds: 604800,
      });

      const consentPage = await rpc.send(AUTHORIZE_INTERACTION_GET, { interactionId, browser });
      expect(consentPage).toEqual({
        page: 'consent',
        consent: {
          interactionId,
          csrfToken,
          client: { clientId: 'app', name: 'Example App', logoUri: null, clientUri: null },
          scopes: ['openid', 'profile', 'user:org:read'],
          redirectUri: 'https://app.example/callback',
          signedInAs: 'ada@example.com',
          organizations: ada.organizations,
        },
      });

      const consented = await rpc.send(AUTHORIZE_CONSENT_SUBMIT, {
        interactionId,
        browser,
        csrfToken,
        consented: true,
        organizationId: 'org_poetry',
      });
      expect(consented.next).toEqual({
        kind: 'client_redirect',
        redirectUri: 'https://app.example/callback',
        responseMode: 'query',
        params: { code: 'code-1', state: 'state-123', iss: ISSUER },
      });
      expect(peers.minted).toEqual([
        {
          clientId: 'app',
          userId: 'user_ada',
          redirectUri: 'https://app.example/callback',
          scopes: ['openid', 'profile', 'user:org:read'],
          codeChallenge: CHALLENGE,
          codeChallengeMethod: 'S256',
          nonce: 'nonce-1',
          authTime: expect.any(Number),
          organizationId: 'org_poetry',
          consentId: expect.stringMatching(/^cns_[0-9a-f]{32}$/),
        },
      ]);
    });

    it('issues one code per interaction: a second consent submission is refused', async () => {
      const browser = newBrowser();
      const { interactionId, csrfToken } = await openInteraction(browser, codeRequest());
      await signInAs(browser, interactionId, csrfToken, ada);
      const submit = () => rpc.send(AUTHORIZE_CONSENT_SUBMIT, { interactionId, browser, csrfToken, consented: true });
      const outcomes = await Promise.allSettled([submit(), submit()]);
      expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(['fulfilled', 'rejected']);
      expect(peers.minted).toHaveLength(1);
      await expect(submit()).rejects.toThrow(
        'This request has already been completed. Go back to the application to continue.',
      );
    });

    it('sends access_denied when the user denies, and the page is spent', async () => {
      const browser = newBrowser();
      const { interactionId, csrfToken } = await openInteraction(browser, codeRequest());
      await signInAs(browser, interactionId, csrfToken, ada);
      const denied = await rpc.send(AUTHORIZE_CONSENT_SUBMIT, { interactionId, browser, csrfToken, consented: false });
      expect(denied.next.params).toEqual({
        error: 'access_denied',
        error_description: 'The user denied the authorization request',
        state: 'state-123',
        iss: ISSUER,
      });
      expect(peers.minted).toHaveLength(0);
      await expect(rpc.send(AUTHORIZE_INTERACTION_GET, { interactionId, browser })).rejects.toThrow(
        'This request has already been completed',
      );
    });

    it('refuses an organization the user does not belong to', async () => {
      const browser = newBrowser();
      const { interactionId, csrfToken } = await openInteraction(browser, codeRequest({ scope: 'user:org:read' }));
      await signInAs(browser, interactionId, csrfToken, ada);
      const error = await failure(
        rpc.send(AUTHORIZE_CONSENT_SUBMIT, {
          interactionId,
          browser,
          csrfToken,
          consented: true,
          organizationId: 'org_x',
        }),
      );
      expect(error).toEqual(new InvalidRequestError('Choose one of your own organizations.'));
    });

    it('re-renders the sign-in page with one generic failure, keeping what was typed', async () => {
      const browser = newBrowser();
      const { interactionId, csrfToken } = await openInteraction(browser, codeRequest());
      const failed = await signInAs(browser, interactionId, csrfToken, { email: 'Ada@Example.com', password: 'nope' });
      expect(failed).toEqual({
        next: {
          kind: 'sign_in_failed',
          page: {
            interactionId,
            csrfToken,
            client: { clientId: 'app', name: 'Example App', logoUri: null, clientUri: null },
            redirectUri: 'https://app.example/callback',
            identifier: 'Ada@Example.com',
            failed: true,
          },
        },
      });
      const unknown = await signInAs(browser, interactionId, csrfToken, { email: 'nobody@example.com', password: 'x' });
      expect(unknown.next.kind).toBe('sign_in_failed');
    });

    it('refuses a wrong CSRF token and another browser', async () => {
      const browser = newBrowser();
      const { interactionId, csrfToken } = await openInteraction(browser, codeRequest());
      const wrongToken = await failure(signInAs(browser, interactionId, 'forged', ada));
      expect(wrongToken).toBeInstanceOf(AccessDeniedError);
      const otherBrowser = await failure(signInAs(newBrowser(), interactionId, csrfToken, ada));
      expect(otherBrowser).toBeInstanceOf(InvalidRequestError);
      expect(otherBrowser).toMatchObject({ description: expect.stringContaining('different browser') });
      await expect(
        rpc.send(AUTHORIZE_INTERACTION_GET, { interactionId: 'no-such-interaction', browser }),
      ).rejects.toThrow(new InvalidRequestError('This page has expired. Go back to the application and try again.'));
    });

    it("keeps one interaction's CSRF token across renderings, and refuses it on another interaction", async () => {
      const browser = newBrowser();
      const first = await openInteraction(browser, codeRequest());
      const second = await openInteraction(browser, codeRequest());
      const again = await rpc.send(AUTHORIZE_INTERACTION_GET, { interactionId: first.interactionId, browser });
      expect(again).toMatchObject({ page: 'sign_in', signIn: { csrfToken: first.csrfToken } });
      expect(second.csrfToken).not.toBe(first.csrfToken);
      const swapped = await failure(signInAs(browser, second.interactionId, first.csrfToken, ada));
      expect(swapped).toBeInstanceOf(AccessDeniedError);
      // A failed attempt shows the form again with the same token, which still works.
      const failed = await signInAs(browser, first.interactionId, first.csrfToken, { ...ada, password: 'wrong' });
      expect(failed.next).toMatchObject({ kind: 'sign_in_failed', page: { csrfToken: first.csrfToken } });
      expect((await signInAs(browser, first.interactionId, first.csrfToken, ada)).next.kind).toBe('interaction');
    });

    it('refuses consent once the browser signed out', async () => {
      const browser = newBrowser();
      const { interactionId, csrfToken } = await openInteraction(browser, codeRequest());
      await signInAs(browser, interactionId, csrfToken, ada);
      await rpc.send(AUTHORIZE_SESSION_END, { sessionToken: browser.sessionToken });
      await expect(
        rpc.send(AUTHORIZE_CONSENT_SUBMIT, { interactionId, browser, csrfToken, consented: true }),
      ).rejects.toThrow('You are no longer signed in');
    });

    it('sends temporarily_unavailable to the client when the token service cannot mint', async () => {
      const browser = newBrowser();
      const { interactionId, csrfToken } = await openInteraction(browser, codeRequest());
      await signInAs(browser, interactionId, csrfToken, ada);
      peers.tokenDown = true;
      const answered = await rpc.send(AUTHORIZE_CONSENT_SUBMIT, { interactionId, browser, csrfToken, consented: true });
      expect(answered.next.params).toMatchObject({ error: 'temporarily_unavailable', state: 'state-123', iss: ISSUER });
    });
  });

  describe('sessions and remembered consent', () => {
    it('issues a code with no page for a remembered consent, and for fewer scopes', async () => {
      const browser = await signedInBrowser();
      for (const scope of ['openid profile email', 'email']) {
        const started = await start(browser, codeRequest({ scope }));
        expect(started.next).toMatchObject({ kind: 'client_redirect', params: { code: expect.any(String) } });
        expect(started.session).toEqual({ action: 'set', token: browser.sessionToken, maxAgeSeconds: 604800 });
      }
      expect(peers.minted.at(-1)?.scopes).toEqual(['email']);
    });

    it('writes nothing but the code for a returning user: the consent row is untouched, no interaction stored', async () => {
      const browser = await signedInBrowser();
      const database = new Client({ connectionString: infra.database.url });
      const redis = new Redis(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379');
      try {
        await database.connect();
        const consentRow = async () =>
          (await database.query('SELECT id, updated_at FROM authorize.consents WHERE user_id = $1', [ada.id])).rows;
        const interactionKeys = () => redis.keys(`${infra.redisNamespace}:authorize:interaction:*`);
        const [rowBefore, keysBefore] = [await consentRow(), await interactionKeys()];

        const started = await start(browser, codeRequest({ scope: 'openid email' }));

        expect(started.next).toMatchObject({ kind: 'client_redirect', params: { code: expect.any(String) } });
        expect(await consentRow()).toEqual(rowBefore);
        expect((await interactionKeys()).sort()).toEqual(keysBefore.sort());
        expect(peers.minted.at(-1)).toMatchObject({ consentId: rowBefore[0].id, scopes: ['openid', 'email'] });
      } finally {
        await database.end();
        redis.disconnect();
      }
    });

    it('remembers a consent in Redis for silent sign-ins, and never answers a revoked one from there', async () => {
      const browser = await signedInBrowser();
      const silent = async () => (await start(browser, codeRequest({ prompt: 'none' }))).next;
      const redis = new Redis(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379');
      try {
        expect(await silent()).toMatchObject({ params: { code: expect.any(String) } });
        const { consents } = await rpc.send(AUTHORIZE_CONSENTS_LIST, { userId: ada.id });
        const cached = await redis.get(`${infra.redisNamespace}:authorize:consent:${ada.id}:app`);
        expect(JSON.parse(cached?.replace(/^=/, '') ?? 'null')).toEqual(consents[0]);

        // A revocation that fails changes nothing, in Postgres or in what a sign-in is answered.
        peers.tokenDown = true;
        await expect(rpc.send(AUTHORIZE_CONSENT_REVOKE, { userId: ada.id, clientId: 'app' })).rejects.toBeInstanceOf(
          TemporarilyUnavailableError,
        );
        peers.tokenDown = false;
        expect(await silent()).toMatchObject({ params: { code: expect.any(String) } });

        await rpc.send(AUTHORIZE_CONSENT_REVOKE, { userId: ada.id, clientId: 'app' });
        expect(await silent()).toMatchObject({ params: { error: 'consent_required' } });
        expect(await silent()).toMatchObject({ params: { error: 'consent_required' } });
      } finally {
        redis.disconnect();
      }
    });

    it('answers a widened consent at once, though the narrower one was remembered in Redis', async () => {
      const browser = await signedInBrowser(ada, codeRequest({ scope: 'email' }));
      const silent = async (scope: string) => (await start(browser, codeRequest({ scope, prompt: 'none' }))).next;
      expect(await silent('email')).toMatchObject({ params: { code: expect.any(String) } });
      expect(await silent('profile email')).toMatchObject({ params: { error: 'consent_required' } });

      const { interactionId, csrfToken } = await openInteraction(browser, codeRequest({ scope: 'profile email' }));
      await rpc.send(AUTHORIZE_CONSENT_SUBMIT, { interactionId, browser, csrfToken, consented: true });
      expect(await silent('profile email')).toMatchObject({ params: { code: expect.any(String) } });
      expect(peers.minted.at(-1)?.scopes).toEqual(['profile', 'email']);
    });

    it('issues a code with prompt=none when signed in and consented', async () => {
      const browser = await signedInBrowser();
      const started = await start(browser, codeRequest({ prompt: 'none' }));
      expect(started.next).toMatchObject({ params: { code: expect.any(String), state: 'state-123', iss: ISSUER } });
    });

    it('asks again for more scopes, or with prompt=consent; prompt=none then gets consent_required', async () => {
      const browser = await signedInBrowser();
      expect((await start(browser, codeRequest({ scope: 'openid private_metadata' }))).next).toMatchObject({
        kind: 'interaction',
        page: 'consent',
      });
      expect((await start(browser, codeRequest({ prompt: 'consent' }))).next).toMatchObject({ page: 'consent' });
      expect((await start(browser, codeRequest({ scope: 'offline_access', prompt: 'none' }))).next).toMatchObject({
        params: { error: 'consent_required', state: 'state-123', iss: ISSUER },
      });
    });

    it('asks to sign in again with prompt=login and with max_age=0, and replaces the session', async () => {
      const browser = await signedInBrowser();
      for (const overrides of [{ prompt: 'login' }, { maxAge: '0' }]) {
        const { interactionId, csrfToken, page } = await openInteraction(browser, codeRequest(overrides));
        expect(page.page).toBe('sign_in');
        const before = browser.sessionToken;
        const signedIn = await signInAs(browser, interactionId, csrfToken, ada);
        expect(signedIn.next).toMatchObject({ kind: 'client_redirect', params: { code: expect.any(String) } });
        expect(browser.sessionToken).not.toBe(before);
        // The old session is gone (session fixation): using it needs a sign-in again.
        const withOld = await start({ ...browser, sessionToken: before }, codeRequest());
        expect(withOld).toMatchObject({ next: { kind: 'interaction', page: 'sign_in' }, session: { action: 'clear' } });
      }
    });

    it('keeps a session good enough for a generous max_age', async () => {
      const browser = await signedInBrowser();
      expect((await start(browser, codeRequest({ maxAge: '3600' }))).next.kind).toBe('client_redirect');
    });

    it('skips consent for a client with the consent screen disabled, never for a dynamically registered one', async () => {
      const browser = await signedInBrowser(grace, codeRequest({ scope: 'profile' }));
      expect(
        (await start(browser, codeRequest({ clientId: 'silent-app', scope: 'user:org:read email' }))).next,
      ).toMatchObject({
        kind: 'client_redirect',
        params: { code: expect.any(String) },
      });
      expect(peers.minted.at(-1)).not.toHaveProperty('organizationId');
      expect((await start(browser, codeRequest({ clientId: 'dcr-app' }))).next).toMatchObject({ page: 'consent' });
    });

    it('binds the first organization when user:org:read is granted with no page', async () => {
      const browser = await signedInBrowser();
      const started = await start(browser, codeRequest({ clientId: 'silent-app', scope: 'user:org:read' }));
      expect(started.next.kind).toBe('client_redirect');
      expect(peers.minted.at(-1)?.organizationId).toBe('org_engines');
    });

    it('ends the session at sign-out', async () => {
      const browser = await signedInBrowser();
      await expect(rpc.send(AUTHORIZE_SESSION_END, { sessionToken: browser.sessionToken })).resolves.toEqual({
        ended: true,
      });
      await expect(rpc.send(AUTHORIZE_SESSION_END, { sessionToken: browser.sessionToken })).resolves.toEqual({
        ended: false,
      });
      expect((await start(browser, codeRequest({ prompt: 'none' }))).next).toMatchObject({
        params: { error: 'login_required' },
      });
    });
  });

  describe('id_token_hint', () => {
    const idToken = (claims: Record<string, unknown>, key: CryptoKey = signingKey) =>
      new SignJWT({ ...claims })
        .setProtectedHeader({ alg: 'RS256', kid: 'test-key' })
        .setIssuer(ISSUER)
        .setAudience('app')
        .setIssuedAt(1_600_000_000)
        .setExpirationTime(1_600_000_600)
        .sign(key);

    it('is accepted with prompt=none when it names the session user, even expired', async () => {
      const browser = await signedInBrowser();
      const hint = await idToken({ sub: 'user_ada' });
      const started = await start(browser, codeRequest({ prompt: 'none', idTokenHint: hint }));
      expect(started.next).toMatchObject({ params: { code: expect.any(String) } });
    });

    it('gives login_required with prompt=none when it names someone else', async () => {
      const browser = await signedInBrowser();
      const started = await start(
        browser,
        codeRequest({ prompt: 'none', idTokenHint: await idToken({ sub: 'user_grace' }) }),
      );
      expect(started.next).toMatchObject({ params: { error: 'login_required' } });
    });

    it('is refused when it was not signed by this issuer', async () => {
      const browser = await signedInBrowser();
      const { privateKey } = await generateKeyPair('RS256');
      const started = await start(
        browser,
        codeRequest({ prompt: 'none', idTokenHint: await idToken({ sub: 'user_ada' }, privateKey) }),
      );
      expect(started.next).toMatchObject({
        params: {
          error: 'invalid_request',
          error_description: 'The "id_token_hint" parameter is not a valid ID token issued to this client',
        },
      });
    });
  });

  describe('sign-in throttling', () => {
    it('refuses an account after its failures, even with the right password, and says when to retry', async () => {
      const browser = newBrowser();
      const { interactionId, csrfToken } = await openInteraction(browser, codeRequest());
      for (let attempt = 0; attempt < 3; attempt += 1) {
        const failed = await signInAs(
          browser,
          interactionId,
          csrfToken,
          { email: 'GRACE@example.com ', password: 'x' },
          `198.51.100.${attempt}`,
        );
        expect(failed.next.kind).toBe('sign_in_failed');
      }
      const throttled = await signInAs(browser, interactionId, csrfToken, grace, '198.51.100.200');
      expect(throttled.next).toEqual({ kind: 'throttled', retryAfterSeconds: expect.any(Number) });
      const retryAfter = (throttled.next as { retryAfterSeconds: number }).retryAfterSeconds;
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(900);
    });

    it('refuses a source address after its failures, whatever the account', async () => {
      const browser = newBrowser();
      const { interactionId, csrfToken } = await openInteraction(browser, codeRequest());
      for (let attempt = 0; attempt < 6; attempt += 1) {
        const failed = await signInAs(
          browser,
          interactionId,
          csrfToken,
          { email: `guess${attempt}@example.com`, password: 'x' },
          '192.0.2.66',
        );
        expect(failed.next.kind).toBe('sign_in_failed');
      }
      const throttled = await signInAs(browser, interactionId, csrfToken, ada, '192.0.2.66');
      expect(throttled.next.kind).toBe('throttled');
      const elsewhere = await signInAs(browser, interactionId, csrfToken, ada, '192.0.2.67');
      expect(elsewhere.next.kind).toBe('interaction');
    });
  });

  describe('consents: admin API and account page', () => {
    it('lists and revokes a user’s consents, revoking the grants through the token service', async () => {
      await signedInBrowser(ada, codeRequest({ scope: 'openid email' }));
      const { consents } = await rpc.send(AUTHORIZE_CONSENTS_LIST, { userId: 'user_ada' });
      expect(consents).toEqual([
        {
          id: expect.stringMatching(/^cns_/),
          userId: 'user_ada',
          clientId: 'app',
          scopes: ['openid', 'email'],
          organizationId: null,
          createdAt: expect.any(Number),
          updatedAt: expect.any(Number),
        },
      ]);
      expect(peers.minted[0].consentId).toBe(consents[0].id);

      peers.tokenDown = true;
      await expect(rpc.send(AUTHORIZE_CONSENT_REVOKE, { userId: 'user_ada', clientId: 'app' })).rejects.toBeInstanceOf(
        TemporarilyUnavailableError,
      );
      expect((await rpc.send(AUTHORIZE_CONSENTS_LIST, { userId: 'user_ada' })).consents).toHaveLength(1);

      peers.tokenDown = false;
      await expect(rpc.send(AUTHORIZE_CONSENT_REVOKE, { userId: 'user_ada', clientId: 'app' })).resolves.toEqual(
        consents[0],
      );
      expect(peers.revokedConsents).toEqual([consents[0].id]);
      expect((await rpc.send(AUTHORIZE_CONSENTS_LIST, { userId: 'user_ada' })).consents).toEqual([]);
      await expect(rpc.send(AUTHORIZE_CONSENT_REVOKE, { userId: 'user_ada', clientId: 'app' })).rejects.toBeInstanceOf(
        ResourceNotFoundError,
      );
    });

    it('widens a remembered consent to the union of what was granted', async () => {
      const browser = await signedInBrowser(ada, codeRequest({ scope: 'email' }));
      const { interactionId, csrfToken } = await openInteraction(browser, codeRequest({ scope: 'profile email' }));
      await rpc.send(AUTHORIZE_CONSENT_SUBMIT, { interactionId, browser, csrfToken, consented: true });
      const { consents } = await rpc.send(AUTHORIZE_CONSENTS_LIST, { userId: 'user_ada' });
      expect(consents.find((consent) => consent.clientId === 'app')?.scopes).toEqual(['email', 'profile']);
    });

    it('answers resource_not_found for an unknown user', async () => {
      await expect(rpc.send(AUTHORIZE_CONSENTS_LIST, { userId: 'user_nobody' })).rejects.toBeInstanceOf(
        ResourceNotFoundError,
      );
    });

    it('signs in to the account page, lists the authorized apps and revokes one', async () => {
      const browser = newBrowser();
      const signedOut = await rpc.send(AUTHORIZE_AUTHORIZED_APPS_LIST, {
        browser,
        returnTo: '/account/authorized-apps',
      });
      if (signedOut.signedIn) throw new Error('expected to be signed out');
      const page = await rpc.send(AUTHORIZE_INTERACTION_GET, { interactionId: signedOut.interactionId, browser });
      expect(page).toMatchObject({ page: 'sign_in', signIn: { client: null, redirectUri: null, identifier: null } });
      const csrfToken = page.page === 'sign_in' ? page.signIn.csrfToken : '';
      const signedIn = await signInAs(browser, signedOut.interactionId, csrfToken, grace);
      expect(signedIn.next).toEqual({ kind: 'local_redirect', path: '/account/authorized-apps' });

      const consented = await signedInBrowser(grace, codeRequest({ scope: 'profile' }));
      const list = await rpc.send(AUTHORIZE_AUTHORIZED_APPS_LIST, {
        browser: consented,
        returnTo: '/account/authorized-apps',
      });
      expect(list).toEqual({
        signedIn: true,
        signedInAs: 'grace@example.com',
        csrfToken: expect.any(String),
        apps: [
          {
            client: { clientId: 'app', name: 'Example App', logoUri: null, clientUri: null },
            scopes: ['profile'],
            grantedAt: expect.any(Number),
          },
        ],
      });
      if (!list.signedIn) throw new Error('expected to be signed in');
      const revoke = (token: string) =>
        rpc.send(AUTHORIZE_AUTHORIZED_APP_REVOKE, { browser: consented, csrfToken: token, clientId: 'app' });
      await expect(revoke('forged')).rejects.toBeInstanceOf(AccessDeniedError);
      await expect(revoke(list.csrfToken)).resolves.toEqual({ revoked: true });
      await expect(revoke(list.csrfToken)).resolves.toEqual({ revoked: false });
      expect(peers.revokedConsents).toHaveLength(1);
    });
  });

  describe('storage hygiene', () => {
    it('gives every Redis key it wrote a TTL', async () => {
      await signedInBrowser();
      await openInteraction(newBrowser(), codeRequest());
      const redis = new Redis(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379');
      try {
        const keys = await redis.keys(`${infra.redisNamespace}:authorize:*`);
        expect(keys.length).toBeGreaterThan(0);
        for (const key of keys) expect({ key, ttl: await redis.ttl(key) }).toEqual({ key, ttl: expect.any(Number) });
        for (const key of keys) expect(await redis.ttl(key)).toBeGreaterThan(0);
        expect(keys.some((key) => key.includes(':session:'))).toBe(true);
        expect(keys.some((key) => key.includes(':interaction:'))).toBe(true);
      } finally {
        redis.disconnect();
      }
    });

    it('stores no CSRF token of any page: they are derived from the cookies, which Redis knows only by hash', async () => {
      const browser = newBrowser();
      const signIn = await openInteraction(browser, codeRequest());
      await signInAs(browser, signIn.interactionId, signIn.csrfToken, ada);
      const consent = await rpc.send(AUTHORIZE_INTERACTION_GET, { interactionId: signIn.interactionId, browser });
      if (consent.page !== 'consent') throw new Error('expected the consent page');
      const account = await rpc.send(AUTHORIZE_AUTHORIZED_APPS_LIST, { browser, returnTo: '/account/authorized-apps' });
      if (!account.signedIn) throw new Error('expected to be signed in');
      const tokens = [signIn.csrfToken, consent.consent.csrfToken, account.csrfToken];
      const secrets = [...tokens, browser.browserBinding, browser.sessionToken ?? ''];

      const redis = new Redis(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379');
      try {
        const stored: string[] = [];
        for (const key of await redis.keys(`${infra.redisNamespace}:authorize:*`)) {
          const type = await redis.type(key);
          const value =
            type === 'hash'
              ? await redis.hgetall(key)
              : type === 'set'
                ? await redis.smembers(key)
                : await redis.get(key);
          stored.push(`${key} ${JSON.stringify(value)}`);
        }
        expect(stored.some((entry) => entry.includes(':session:'))).toBe(true);
        for (const secret of secrets) {
          expect(secret).toMatch(/^[\w-]{32,}$/);
          expect(stored.filter((entry) => entry.includes(secret))).toEqual([]);
        }
      } finally {
        redis.disconnect();
      }
    });

    it('refuses a contract-breaking payload with invalid_request', async () => {
      const payload = { params: {}, repeated: [], browser: { browserBinding: 'short' } } as RequestOf<
        typeof AUTHORIZE_REQUEST_START
      >;
      await expect(rpc.send(AUTHORIZE_REQUEST_START, payload)).rejects.toBeInstanceOf(InvalidRequestError);
    });
  });
});
