import fc from 'fast-check';
import { createApp, createUser, hiddenFields, type TestApp, type TestUser } from '../authorize/authorize-fixtures';
import { e2e } from '../support/e2e-env';
import { REDIRECT_URI } from '../token/token-fixtures';
import { expectProperAnswer } from './support/answer-checks';
import { ownLoopbackAddress, send } from './support/http-client';
import {
  fuzz,
  headerSafe,
  hostileBody,
  hostileString,
  MARKUP_PROBES,
  requestParams,
  type EncodedParams,
} from './support/fuzz';
import { authorizePath, LoopbackBrowser, openSignInPage } from './support/loopback-browser';
import { expectStackAlive } from './support/stack-health';

/*
 * Property: the hosted pages (sign-in, consent, sign-out, the account page) answer anything — forged, replayed or
 * garbled forms, foreign or missing Origin, any cookies, any content type — with an HTML page that cannot be
 * framed, or a 303 to Tessera or the client's registered redirect URI; never a 5xx, a leak or unescaped markup.
 * Each run starts from a fresh interaction of a real browser, so that most requests reach the deep checks.
 */

/** This file's own source address (see ownLoopbackAddress). */
const SOURCE = ownLoopbackAddress();
/** Stand-ins, replaced in each run by that run's fresh interaction id and CSRF token. */
const INTERACTION = 'SENTINELINTERACTION';
const CSRF = 'SENTINELCSRF';

interface PageEndpoint {
  name: string;
  method: 'GET' | 'POST';
  path: string;
  params: readonly string[];
  baseline: Record<string, string>;
  /** A fresh context for one run: the browser whose cookies may be sent, and the sentinels' values. */
  prepare: () => Promise<{ browser: LoopbackBrowser; interaction: string; csrf: string }>;
  runs: number;
}

describe('hostile input at the hosted pages (property-based)', () => {
  let app: TestApp;
  let user: TestUser;
  /** Signed in, with one authorized application: its account page has a CSRF token. */
  const signedIn = new LoopbackBrowser(SOURCE);
  let accountCsrf: string;
  let pidsBefore: Record<string, number | undefined>;

  beforeAll(async () => {
    pidsBefore = await expectStackAlive();
    app = await createApp(REDIRECT_URI, { name: `Pages fuzz ${MARKUP_PROBES[0]}` });
    user = await createUser();
    const { fields } = await openSignInPage(signedIn, { client_id: app.clientId, redirect_uri: REDIRECT_URI });
    const consent = await signedIn.follow(
      await signedIn.post('/sign-in', { ...fields, identifier: user.email, password: user.password }),
    );
    const allowed = await signedIn.post('/consent', { ...hiddenFields(consent.text), consented: 'true' });
    expect(allowed.headers.location).toMatch(/^https:\/\/rp\.example\.com\/callback\?code=/);
    const account = await signedIn.get('/account/authorized-apps');
    accountCsrf = hiddenFields(account.text).csrf_token;
    expect(accountCsrf).toEqual(expect.any(String));
  });

  /** A new browser at the sign-in page of a new interaction. */
  const freshSignIn = async () => {
    const browser = new LoopbackBrowser(SOURCE);
    const { fields } = await openSignInPage(browser, { client_id: app.clientId, redirect_uri: REDIRECT_URI });
    return { browser, interaction: fields.interaction, csrf: fields.csrf_token };
  };

  /** The signed-in browser at the consent page of a new interaction (prompt=consent always shows it). */
  const freshConsent = async () => {
    const started = await signedIn.get(
      authorizePath({ client_id: app.clientId, redirect_uri: REDIRECT_URI, prompt: 'consent' }),
    );
    const page = await signedIn.follow(started);
    const fields = hiddenFields(page.text);
    return { browser: signedIn, interaction: fields.interaction, csrf: fields.csrf_token };
  };

  const nothing = async () => ({ browser: new LoopbackBrowser(SOURCE), interaction: 'none', csrf: 'none' });
  const account = async () => ({ browser: signedIn, interaction: 'none', csrf: accountCsrf });

  const SIGN_IN_FIELDS = ['interaction', 'csrf_token', 'identifier', 'password'];
  const CONSENT_FIELDS = ['interaction', 'csrf_token', 'consented', 'organization_id'];

  const endpoints = (): PageEndpoint[] => [
    {
      name: 'GET /sign-in',
      method: 'GET',
      path: '/sign-in',
      params: ['interaction'],
      baseline: { interaction: INTERACTION },
      prepare: freshSignIn,
      runs: 60,
    },
    {
      name: 'POST /sign-in',
      method: 'POST',
      path: '/sign-in',
      params: SIGN_IN_FIELDS,
      baseline: { interaction: INTERACTION, csrf_token: CSRF, identifier: user.email, password: 'not the password' },
      prepare: freshSignIn,
      runs: 80,
    },
    {
      name: 'GET /consent',
      method: 'GET',
      path: '/consent',
      params: ['interaction'],
      baseline: { interaction: INTERACTION },
      prepare: freshConsent,
      runs: 50,
    },
    {
      name: 'POST /consent',
      method: 'POST',
      path: '/consent',
      params: CONSENT_FIELDS,
      baseline: { interaction: INTERACTION, csrf_token: CSRF, consented: 'true' },
      prepare: freshConsent,
      runs: 80,
    },
    {
      name: 'GET /sign-out',
      method: 'GET',
      path: '/sign-out',
      params: ['redirect', 'post_logout_redirect_uri', 'return_to', 'state'],
      baseline: {},
      prepare: nothing,
      runs: 40,
    },
    {
      name: 'POST /sign-out',
      method: 'POST',
      path: '/sign-out',
      params: ['csrf_token', 'redirect', 'post_logout_redirect_uri', 'return_to'],
      baseline: {},
      prepare: nothing,
      runs: 40,
    },
    {
      name: 'GET /account/authorized-apps',
      method: 'GET',
      path: '/account/authorized-apps',
      params: ['return_to', 'client_id'],
      baseline: {},
      prepare: account,
      runs: 40,
    },
    {
      name: 'POST /account/authorized-apps/revoke',
      method: 'POST',
      path: '/account/authorized-apps/revoke',
      params: ['csrf_token', 'client_id'],
      baseline: { csrf_token: CSRF, client_id: 'no-such-client' },
      prepare: account,
      runs: 60,
    },
  ];

  it.each([
    'GET /sign-in',
    'POST /sign-in',
    'GET /consent',
    'POST /consent',
    'GET /sign-out',
    'POST /sign-out',
    'GET /account/authorized-apps',
    'POST /account/authorized-apps/revoke',
  ])('%s answers every request with a proper page or redirect', async (name) => {
    const endpoint = endpoints().find((candidate) => candidate.name === name);
    if (!endpoint) throw new Error(name);
    const known = [INTERACTION, CSRF, app.clientId, user.email, user.username, ...MARKUP_PROBES];
    const params = requestParams(endpoint.baseline, endpoint.params, known);
    const request = fc.record({
      params,
      body: hostileBody(params, 'form'),
      cookies: fc.constantFrom('browser', 'browser', 'browser', 'browser', 'none', 'garbage'),
      garbageCookie: hostileString.map((value) => headerSafe(value)),
      origin: fc.oneof(
        { weight: 8, arbitrary: fc.constant(new URL(e2e.issuer).origin) },
        { weight: 1, arbitrary: fc.constantFrom('https://evil.example', 'null', '', `${e2e.issuer}.evil.example`) },
      ),
      referer: fc.constantFrom('', `${e2e.issuer}/sign-in`, 'https://evil.example/', `${e2e.issuer}.evil.example/`),
    });
    await fuzz(
      request,
      async ({ params: query, body, cookies, garbageCookie, origin, referer }) => {
        const context = await endpoint.prepare();
        const fill = (text: string) => text.replaceAll(INTERACTION, context.interaction).replaceAll(CSRF, context.csrf);
        const cookie =
          cookies === 'browser'
            ? [...context.browser.cookies].map(([key, value]) => `${key}=${value}`).join('; ')
            : cookies === 'garbage'
              ? `tessera_session=${garbageCookie}; tessera_csrf=${garbageCookie}`
              : '';
        const filled = (encoded: EncodedParams) => fill(encoded.encoded);
        const answer = await send({
          method: endpoint.method,
          path: endpoint.method === 'GET' ? `${endpoint.path}?${filled(query)}` : endpoint.path,
          headers: Object.fromEntries(
            Object.entries({
              cookie,
              origin: endpoint.method === 'POST' ? origin : '',
              referer,
              'content-type': body.contentType ?? '',
            }).filter(([, value]) => value !== ''),
          ),
          body:
            endpoint.method === 'POST' && body.body !== undefined
              ? typeof body.body === 'string'
                ? fill(body.body)
                : body.body
              : undefined,
          sourceAddress: SOURCE,
        });
        expectProperAnswer(answer, 'page', { redirectTargets: [REDIRECT_URI], markup: MARKUP_PROBES });
      },
      endpoint.runs,
    );
  });

  it('leaves every process alive, answering, and not restarted', async () => {
    expect(await expectStackAlive()).toEqual(pidsBefore);
  });
});
