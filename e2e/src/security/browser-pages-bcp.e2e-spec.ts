import { createApp, createUser, hiddenFields, type TestApp, type TestUser } from '../authorize/authorize-fixtures';
import { e2e } from '../support/e2e-env';
import { REDIRECT_URI } from '../token/token-fixtures';
import { framingProblems } from './support/answer-checks';
import { ownLoopbackAddress, send, type Answer } from './support/http-client';
import { authorizePath, LoopbackBrowser, openSignInPage } from './support/loopback-browser';

/*
 * RFC 9700 (OAuth 2.0 Security Best Current Practice) at the browser-facing endpoints: no open redirector, CSRF
 * and Origin checks on every state-changing form, no framing, no token in a URL but the code, no CORS at the
 * authorization endpoint, 303 after every POST, sign-in that tells nothing about which accounts exist, sign-in
 * throttling per source address, and a new session on every sign-in. What the authorize suite already shows is
 * not repeated here (see docs/security.md).
 */

describe('RFC 9700 at the hosted pages', () => {
  const source = ownLoopbackAddress();
  let app: TestApp;
  let user: TestUser;

  beforeAll(async () => {
    app = await createApp(REDIRECT_URI);
    user = await createUser();
  });

  /** A browser signed in and at the consent page of a new interaction. */
  async function atConsent(browser = new LoopbackBrowser(source), params: Record<string, string> = {}) {
    const { fields } = await openSignInPage(browser, {
      client_id: app.clientId,
      redirect_uri: REDIRECT_URI,
      prompt: 'consent',
      ...params,
    });
    const signedIn = await browser.post('/sign-in', { ...fields, identifier: user.email, password: user.password });
    expect(signedIn.status).toBe(303);
    const consent = await browser.follow(signedIn);
    expect(consent.status).toBe(200);
    return { browser, consent, fields: hiddenFields(consent.text) };
  }

  /** A browser signed in with one authorized application, on its account page. */
  async function withAuthorizedApp() {
    const { browser, fields } = await atConsent();
    const allowed = await browser.post('/consent', { ...fields, consented: 'true' });
    expect(allowed.status).toBe(303);
    const page = await browser.get('/account/authorized-apps');
    expect(page.status).toBe(200);
    return { browser, page, fields: hiddenFields(page.text) };
  }

  const listsApp = (page: Answer) => page.text.includes(`name="client_id" value="${app.clientId}"`);

  describe('§4.11 no open redirector', () => {
    it.each([
      'redirect',
      'redirect_url',
      'return_to',
      'returnTo',
      'next',
      'continue',
      'goto',
      'post_logout_redirect_uri',
    ])('ignores a "%s" parameter at /oauth/authorize, /sign-out and /account/authorized-apps', async (name) => {
      const evil = 'https://evil.example/steal';
      const browser = new LoopbackBrowser(source);
      const started = await browser.get(
        `${authorizePath({ client_id: app.clientId, redirect_uri: REDIRECT_URI })}&${name}=${encodeURIComponent(evil)}`,
      );
      expect(started.status).toBe(303);
      expect(started.headers.location).toMatch(new RegExp(`^${e2e.issuer}/sign-in\\?interaction=[\\w-]+$`));

      for (const method of ['GET', 'POST'] as const) {
        const signedOut =
          method === 'GET'
            ? await browser.get(`/sign-out?${name}=${encodeURIComponent(evil)}`)
            : await browser.post('/sign-out', { [name]: evil });
        expect(signedOut.status).toBe(200);
        expect(signedOut.headers.location).toBeUndefined();
        expect(signedOut.text).toContain('You are signed out');
        expect(signedOut.text).not.toContain('evil.example');
      }

      const account = await browser.get(`/account/authorized-apps?${name}=${encodeURIComponent(evil)}`);
      expect(account.status).toBe(303);
      const signInPage = await browser.follow(account);
      const signedIn = await browser.post('/sign-in', {
        ...hiddenFields(signInPage.text),
        identifier: user.email,
        password: user.password,
      });
      expect(signedIn.status).toBe(303);
      expect(signedIn.headers.location).toBe(`${e2e.issuer}/account/authorized-apps`);
    });

    it('shows an unknown client with an attacker’s redirect_uri as a page, never a redirect', async () => {
      const answer = await send({
        path: authorizePath({
          client_id: 'no-such-client',
          redirect_uri: 'https://evil.example/cb',
          response_type: 'token',
        }),
        sourceAddress: source,
      });
      expect(answer.status).toBe(400);
      expect(answer.headers.location).toBeUndefined();
      expect(answer.text).toContain('<code>invalid_client</code>');
    });
  });

  describe('CSRF: Origin, the binding cookie and the CSRF token on every state-changing form', () => {
    it('POST /consent refuses another origin, no origin, and a wrong CSRF token, and the consent stays pending', async () => {
      const { browser, fields } = await atConsent();
      for (const headers of [
        { origin: 'https://evil.example' },
        { origin: 'null' },
        { origin: '', referer: '' },
      ] as Array<Record<string, string>>) {
        const refused = await browser.post('/consent', { ...fields, consented: 'true' }, headers);
        expect(refused.status).toBe(403);
        expect(refused.text).toContain('This form was not sent from this site.');
      }
      const forged = await browser.post('/consent', { ...fields, csrf_token: 'forged', consented: 'true' });
      expect(forged.status).toBe(403);
      expect(forged.text).toContain('The form could not be verified.');
      const attacker = new LoopbackBrowser(source);
      const elsewhere = await attacker.post('/consent', { ...fields, consented: 'true' });
      expect(elsewhere.status).toBe(400);
      expect(elsewhere.text).toContain('opened in a different browser');
      // Still pending: the real form still works.
      const allowed = await browser.post('/consent', { ...fields, consented: 'true' });
      expect(allowed.status).toBe(303);
      expect(allowed.headers.location).toMatch(/^https:\/\/rp\.example\.com\/callback\?code=/);
    });

    it('POST /account/authorized-apps/revoke refuses another origin and a wrong CSRF token, and revokes nothing', async () => {
      const { browser, fields } = await withAuthorizedApp();
      expect(fields).toEqual({ csrf_token: expect.any(String), client_id: app.clientId });
      for (const headers of [{ origin: 'https://evil.example' }, { origin: '', referer: '' }] as Array<
        Record<string, string>
      >) {
        expect((await browser.post('/account/authorized-apps/revoke', fields, headers)).status).toBe(403);
      }
      const forged = await browser.post('/account/authorized-apps/revoke', { ...fields, csrf_token: 'forged' });
      expect(forged.status).toBe(403);
      expect(forged.text).toContain('The form could not be verified.');
      const stranger = await new LoopbackBrowser(source).post('/account/authorized-apps/revoke', fields);
      expect(stranger.status).toBe(400);
      expect(listsApp(await browser.get('/account/authorized-apps'))).toBe(true);
    });

    it('GET /sign-out only asks (a cross-site link signs no one out); its form signs out', async () => {
      const { browser } = await withAuthorizedApp();
      const asked = await browser.get('/sign-out', { referer: 'https://evil.example/' });
      expect(asked.status).toBe(200);
      expect(asked.text).toContain('<h1>Sign out?</h1>');
      expect(asked.text).toContain(`<form method="post" action="${e2e.issuer}/sign-out">`);
      expect(asked.headers['set-cookie']?.some((cookie) => cookie.startsWith('tessera_session='))).toBe(false);
      expect(listsApp(await browser.get('/account/authorized-apps'))).toBe(true);

      const form = hiddenFields(asked.text);
      expect(form).toEqual({ csrf_token: expect.stringMatching(/^[\w-]{43}$/) });
      expect(Object.values(form)).not.toContain(browser.cookies.get('tessera_session'));
      const signedOut = await browser.post('/sign-out', form);
      expect(signedOut.status).toBe(200);
      expect(signedOut.text).toContain('You are signed out');
      expect(browser.cookies.has('tessera_session')).toBe(false);
      expect((await browser.get('/account/authorized-apps')).status).toBe(303);
    });

    it('POST /sign-out refuses another origin, no token, a forged token and another session’s, and leaves the session alone', async () => {
      const { browser } = await withAuthorizedApp();
      const form = hiddenFields((await browser.get('/sign-out')).text);
      const other = await withAuthorizedApp();
      const othersForm = hiddenFields((await other.browser.get('/sign-out')).text);
      expect(othersForm.csrf_token).not.toBe(form.csrf_token);
      for (const headers of [
        { origin: 'https://evil.example' },
        { origin: '', referer: 'https://evil.example/' },
      ] as Array<Record<string, string>>) {
        const refused = await browser.post('/sign-out', form, headers);
        expect(refused.status).toBe(403);
        expect(refused.text).toContain('This form was not sent from this site.');
      }
      for (const forged of [{}, { csrf_token: 'forged' }, othersForm]) {
        const refused = await browser.post('/sign-out', forged);
        expect(refused.status).toBe(403);
        expect(refused.text).toContain('The form could not be verified.');
      }
      expect(listsApp(await browser.get('/account/authorized-apps'))).toBe(true);
      expect(listsApp(await other.browser.get('/account/authorized-apps'))).toBe(true);
      expect((await browser.post('/sign-out', form)).status).toBe(200);
      expect((await browser.get('/account/authorized-apps')).status).toBe(303);
    });

    it('refuses a Referer that only starts like the issuer', async () => {
      const { browser, fields } = await atConsent();
      const refused = await browser.post(
        '/consent',
        { ...fields, consented: 'true' },
        { origin: '', referer: `${e2e.issuer}.evil.example/consent` },
      );
      expect(refused.status).toBe(403);
    });
  });

  describe('§4.16 clickjacking', () => {
    it("serves every kind of HTML page with X-Frame-Options: DENY and CSP frame-ancestors 'none'", async () => {
      const pages: Array<[string, Answer]> = [];
      const browser = new LoopbackBrowser(source);
      const { page: signIn, fields } = await openSignInPage(browser, {
        client_id: app.clientId,
        redirect_uri: REDIRECT_URI,
      });
      pages.push(['sign-in', signIn]);
      pages.push([
        'sign-in failed',
        await browser.post('/sign-in', { ...fields, identifier: user.email, password: 'wrong password' }),
      ]);
      const {
        browser: signedIn,
        consent,
        fields: consentFields,
      } = await atConsent(undefined, {
        response_mode: 'form_post',
      });
      pages.push(['consent', consent]);
      pages.push(['form_post', await signedIn.post('/consent', { ...consentFields, consented: 'true' })]);
      pages.push(['authorized apps', await signedIn.get('/account/authorized-apps')]);
      const askedToSignOut = await signedIn.get('/sign-out');
      pages.push(['sign-out confirmation', askedToSignOut]);
      pages.push(['signed out', await signedIn.post('/sign-out', hiddenFields(askedToSignOut.text))]);
      pages.push(['error 400', await browser.get('/sign-in?interaction=unknown')]);
      pages.push(['error 403', await browser.post('/sign-in', fields, { origin: 'https://evil.example' })]);
      pages.push(['error 404', await browser.get('/sign-in/nothing-here')]);
      pages.push(['error 415', await browser.post('/consent', fields, { 'content-type': 'application/xml' })]);
      pages.push(['authorize error page', await browser.get(authorizePath({ client_id: 'nobody' }))]);
      for (const [name, page] of pages) {
        expect([name, page.headers['content-type'], framingProblems(page)]).toEqual([
          name,
          'text/html; charset=utf-8',
          [],
        ]);
      }
      expect(pages.find(([name]) => name === 'form_post')?.[1].text).toContain('Continuing to the application');
    });
  });

  describe('§4.3.2 and §2.2: no token in any URL but the code', () => {
    it('redirects to the client with exactly code, state and iss, and to the pages with the interaction only', async () => {
      const browser = new LoopbackBrowser(source);
      const locations: string[] = [];
      const started = await browser.get(
        authorizePath({ client_id: app.clientId, redirect_uri: REDIRECT_URI, prompt: 'consent' }),
      );
      locations.push(String(started.headers.location));
      const signInPage = await browser.follow(started);
      const signedIn = await browser.post('/sign-in', {
        ...hiddenFields(signInPage.text),
        identifier: user.email,
        password: user.password,
      });
      locations.push(String(signedIn.headers.location));
      const consent = await browser.follow(signedIn);
      const allowed = await browser.post('/consent', { ...hiddenFields(consent.text), consented: 'true' });
      locations.push(String(allowed.headers.location));

      for (const location of locations.slice(0, 2)) {
        expect([...new URL(location).searchParams.keys()]).toEqual(['interaction']);
      }
      const callback = new URL(locations[2]);
      expect(`${callback.origin}${callback.pathname}`).toBe(REDIRECT_URI);
      expect([...callback.searchParams.keys()].sort()).toEqual(['code', 'iss', 'state']);
      expect(callback.hash).toBe('');
      for (const cookie of [...browser.cookies.values()]) {
        for (const location of locations) expect(location).not.toContain(cookie);
      }
    });
  });

  describe('CORS', () => {
    it('answers /oauth/authorize (GET, POST and a preflight) without any Access-Control header', async () => {
      const origin = { origin: 'https://spa.example.com' };
      const answers = [
        await send({ path: authorizePath({ client_id: app.clientId, redirect_uri: REDIRECT_URI }), headers: origin }),
        await send({
          method: 'POST',
          path: '/oauth/authorize',
          headers: { ...origin, 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ client_id: app.clientId, response_type: 'code' }).toString(),
        }),
        await send({
          method: 'OPTIONS',
          path: '/oauth/authorize',
          headers: { ...origin, 'access-control-request-method': 'POST' },
        }),
      ];
      for (const answer of answers) {
        expect(Object.keys(answer.headers).filter((name) => name.startsWith('access-control-'))).toEqual([]);
      }
    });
  });

  describe('303 See Other after every POST (never 307, which would re-post the password)', () => {
    it('answers each POST that redirects with 303', async () => {
      const browser = new LoopbackBrowser(source);
      const redirects: Array<[string, Answer]> = [];
      redirects.push([
        'POST /oauth/authorize',
        await browser.request(
          'POST',
          '/oauth/authorize',
          { 'content-type': 'application/x-www-form-urlencoded' },
          new URLSearchParams({
            response_type: 'code',
            client_id: app.clientId,
            redirect_uri: REDIRECT_URI,
            scope: 'openid email',
            code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
            code_challenge_method: 'S256',
            prompt: 'consent',
          }).toString(),
        ),
      ]);
      const signInPage = await browser.follow(redirects[0][1]);
      const credentials = { identifier: user.email, password: user.password };
      redirects.push([
        'POST /sign-in (to consent)',
        await browser.post('/sign-in', { ...hiddenFields(signInPage.text), ...credentials }),
      ]);
      const consent = await browser.follow(redirects[1][1]);
      redirects.push([
        'POST /consent (allow)',
        await browser.post('/consent', { ...hiddenFields(consent.text), consented: 'true' }),
      ]);
      const revokeForm = hiddenFields((await browser.get('/account/authorized-apps')).text);
      redirects.push([
        'POST /account/authorized-apps/revoke',
        await browser.post('/account/authorized-apps/revoke', revokeForm),
      ]);
      const again = await atConsent(new LoopbackBrowser(source), { prompt: 'login consent' });
      redirects.push([
        'POST /consent (deny)',
        await again.browser.post('/consent', { ...again.fields, consented: 'false' }),
      ]);
      const remembered = await withAuthorizedApp();
      const { fields } = await openSignInPage(remembered.browser, {
        client_id: app.clientId,
        redirect_uri: REDIRECT_URI,
        prompt: 'login',
      });
      redirects.push([
        'POST /sign-in (straight to the client)',
        await remembered.browser.post('/sign-in', { ...fields, ...credentials }),
      ]);
      expect(redirects.map(([name, answer]) => [name, answer.status])).toEqual(redirects.map(([name]) => [name, 303]));
      expect(redirects.at(-1)?.[1].headers.location).toMatch(/^https:\/\/rp\.example\.com\/callback\?code=/);
    });
  });

  describe('§4.15 user enumeration at sign-in', () => {
    /** A page with what differs between any two renderings (its interaction, CSRF token, the echoed input) masked. */
    const normalised = (answer: Answer, fields: Record<string, string>, identifier: string) => ({
      status: answer.status,
      contentType: answer.headers['content-type'],
      csp: answer.headers['content-security-policy'],
      setCookies: (answer.headers['set-cookie'] ?? []).map((cookie) => cookie.replace(/=[^;]*/, '=…')),
      html: answer.text
        .replaceAll(fields.interaction, '{interaction}')
        .replaceAll(fields.csrf_token, '{csrf}')
        .replaceAll(identifier, '{identifier}'),
    });

    it('answers an unknown account exactly as a wrong password', async () => {
      const known = new LoopbackBrowser(ownLoopbackAddress());
      const unknown = new LoopbackBrowser(ownLoopbackAddress());
      const params = { client_id: app.clientId, redirect_uri: REDIRECT_URI };
      const knownForm = (await openSignInPage(known, params)).fields;
      const unknownForm = (await openSignInPage(unknown, params)).fields;
      const nobody = `nobody-${user.email}`;
      const wrongPassword = await known.post('/sign-in', { ...knownForm, identifier: user.email, password: 'wrong' });
      const noAccount = await unknown.post('/sign-in', { ...unknownForm, identifier: nobody, password: 'wrong' });
      expect(wrongPassword.status).toBe(200);
      expect(normalised(noAccount, unknownForm, nobody)).toEqual(normalised(wrongPassword, knownForm, user.email));
    });
  });

  describe('§4.15 sign-in throttling per source address', () => {
    it('pauses sign-in from an address after 20 failures on any accounts, even with the right password, and only there', async () => {
      const attacker = new LoopbackBrowser(ownLoopbackAddress());
      const params = { client_id: app.clientId, redirect_uri: REDIRECT_URI };
      const { fields } = await openSignInPage(attacker, params);
      for (let attempt = 0; attempt < 20; attempt++) {
        const failed = await attacker.post('/sign-in', {
          ...fields,
          identifier: `guess-${attempt}@example.com`,
          password: 'x',
        });
        expect(failed.status).toBe(200);
      }
      const victim = await createUser();
      const throttled = await attacker.post('/sign-in', {
        ...fields,
        identifier: victim.email,
        password: victim.password,
      });
      expect(throttled.status).toBe(429);
      expect(Number(throttled.headers['retry-after'])).toBeGreaterThan(0);
      expect(throttled.text).toContain('Too many sign-in attempts');
      expect(attacker.cookies.has('tessera_session')).toBe(false);

      const elsewhere = new LoopbackBrowser(ownLoopbackAddress());
      const form = (await openSignInPage(elsewhere, params)).fields;
      const signedIn = await elsewhere.post('/sign-in', {
        ...form,
        identifier: victim.email,
        password: victim.password,
      });
      expect(signedIn.status).toBe(303);
    });
  });

  describe('§4.15 session fixation', () => {
    it('does not adopt a session id planted in the browser before sign-in', async () => {
      const browser = new LoopbackBrowser(source);
      const planted = 'A'.repeat(43);
      browser.cookies.set('tessera_session', planted);
      const { fields } = await openSignInPage(browser, { client_id: app.clientId, redirect_uri: REDIRECT_URI });
      const signedIn = await browser.post('/sign-in', { ...fields, identifier: user.email, password: user.password });
      expect(signedIn.status).toBe(303);
      expect(browser.cookies.get('tessera_session')).toMatch(/^[\w-]{43}$/);
      expect(browser.cookies.get('tessera_session')).not.toBe(planted);
      const withPlanted = new LoopbackBrowser(source);
      withPlanted.cookies.set('tessera_session', planted);
      expect((await withPlanted.get('/account/authorized-apps')).status).toBe(303);
    });

    it('issues a new session id on every sign-in, and the previous one stops working', async () => {
      const { browser } = await withAuthorizedApp();
      const before = browser.cookies.get('tessera_session') ?? '';
      const { fields } = await openSignInPage(browser, {
        client_id: app.clientId,
        redirect_uri: REDIRECT_URI,
        prompt: 'login',
      });
      const again = await browser.post('/sign-in', { ...fields, identifier: user.email, password: user.password });
      expect(again.status).toBe(303);
      const after = browser.cookies.get('tessera_session');
      expect(after).toMatch(/^[\w-]{43}$/);
      expect(after).not.toBe(before);
      const stale = new LoopbackBrowser(source);
      stale.cookies.set('tessera_session', before);
      expect((await stale.get('/account/authorized-apps')).status).toBe(303);
      expect(listsApp(await browser.get('/account/authorized-apps'))).toBe(true);
    });
  });
});
