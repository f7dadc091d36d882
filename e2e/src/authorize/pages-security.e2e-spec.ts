import { e2e } from '../support/e2e-env';
import {
  CallbackServer,
  createApp,
  createUser,
  hiddenFields,
  HttpBrowser,
  signInThroughPage,
  type TestApp,
  type TestUser,
} from './authorize-fixtures';

const CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';
const PAGE_CSP = (callbackOrigin: string) =>
  `default-src 'none'; style-src 'self'; img-src 'self' https: data:; form-action 'self' ${callbackOrigin}; frame-ancestors 'none'; base-uri 'none'`;

describe('the hosted sign-in and consent pages over HTTP', () => {
  const callback = new CallbackServer();
  let app: TestApp;
  let user: TestUser;

  beforeAll(async () => {
    await callback.start();
    app = await createApp(callback.redirectUri, { name: 'Pages <b>"Test"</b> & Co' });
    user = await createUser();
  });
  afterAll(() => callback.stop());

  const authorizeUrl = (overrides: Record<string, string> = {}) =>
    `/oauth/authorize?${new URLSearchParams({
      response_type: 'code',
      client_id: app.clientId,
      redirect_uri: app.redirectUri,
      scope: 'openid email private_metadata offline_access',
      state: 'st-1',
      code_challenge: CHALLENGE,
      code_challenge_method: 'S256',
      ...overrides,
    })}`;

  /** A new browser on the sign-in page of a new authorization request. */
  async function atSignInPage(overrides: Record<string, string> = {}) {
    const browser = new HttpBrowser();
    const started = await browser.get(authorizeUrl(overrides));
    expect(started.status).toBe(303);
    const location = new URL(started.headers.get('location') ?? '');
    expect(`${location.origin}${location.pathname}`).toBe(`${e2e.issuer}/sign-in`);
    expect([...location.searchParams.keys()]).toEqual(['interaction']);
    const page = await browser.get(location);
    return { browser, page, html: await page.text(), location };
  }

  it('starts with a 303 to the sign-in page and a CSRF binding cookie', async () => {
    const browser = new HttpBrowser();
    const started = await browser.get(authorizeUrl());
    expect(started.status).toBe(303);
    expect(started.headers.getSetCookie()).toEqual([
      expect.stringMatching(/^tessera_csrf=[\w-]{43}; Path=\/; Max-Age=3600; HttpOnly; SameSite=Lax$/),
    ]);
  });

  it('serves the sign-in page as an uncached, unframeable HTML page with the pages’ CSP', async () => {
    const { page, html } = await atSignInPage({ login_hint: 'someone@example.com' });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('cache-control')).toBe('no-store');
    expect(page.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(page.headers.get('content-security-policy')).toBe(PAGE_CSP(new URL(app.redirectUri).origin));
    expect(html).toContain('<label for="identifier">Email address or username</label>');
    expect(html).toMatch(/<input\s+id="password"\s+name="password"\s+type="password"/);
    expect(html).toMatch(/value="someone@example.com"/);
    expect(html).toContain('Pages &lt;b&gt;&quot;Test&quot;&lt;/b&gt; &amp; Co');
    expect(html).not.toContain('<b>"Test"</b>');
    expect(Object.keys(hiddenFields(html))).toEqual(['interaction', 'csrf_token']);
  });

  it('serves the stylesheet with a year-long cache', async () => {
    const { html } = await atSignInPage();
    const href = /<link rel="stylesheet" href="([^"]+)"/.exec(html)?.[1] ?? '';
    expect(href).toMatch(new RegExp(`^${e2e.issuer}/assets/tessera\\.css\\?v=[0-9a-f]{12}$`));
    const stylesheet = await fetch(href);
    expect(stylesheet.status).toBe(200);
    expect(stylesheet.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(stylesheet.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  it('re-renders the page with one generic message on a wrong password', async () => {
    const { browser, html } = await atSignInPage();
    const fields = hiddenFields(html);
    for (const attempt of [
      { identifier: user.email, password: 'wrong password' },
      { identifier: 'nobody-at-all@example.com', password: 'wrong password' },
    ]) {
      const failed = await browser.post('/sign-in', { ...fields, ...attempt });
      expect(failed.status).toBe(200);
      const page = await failed.text();
      expect(page).toContain('<p class="alert" role="alert" id="sign-in-error">');
      expect(page).toContain('The email address, username or password is incorrect.');
      expect(page).toMatch(new RegExp(`value="${attempt.identifier}"`));
    }
  });

  describe('CSRF defences', () => {
    it('refuses a POST from another origin, or with neither Origin nor Referer', async () => {
      const { browser, html } = await atSignInPage();
      const form = { ...hiddenFields(html), identifier: user.email, password: user.password };
      for (const headers of [{ origin: 'https://evil.example' }, { origin: 'null' }, { origin: '' }]) {
        const refused = await browser.post('/sign-in', form, headers);
        expect(refused.status).toBe(403);
        expect(refused.headers.get('content-type')).toBe('text/html; charset=utf-8');
        expect(await refused.text()).toContain('This form was not sent from this site.');
      }
      expect(browser.cookies.has('tessera_session')).toBe(false);
    });

    it('accepts a same-site Referer when the browser sends no Origin', async () => {
      const { browser, html, location } = await atSignInPage();
      const signedIn = await browser.post(
        '/sign-in',
        { ...hiddenFields(html), identifier: user.email, password: user.password },
        { origin: '', referer: location.toString() },
      );
      expect(signedIn.status).toBe(303);
    });

    it('refuses a wrong CSRF token', async () => {
      const { browser, html } = await atSignInPage();
      const refused = await browser.post('/sign-in', {
        ...hiddenFields(html),
        csrf_token: 'forged',
        identifier: user.email,
        password: user.password,
      });
      expect(refused.status).toBe(403);
      expect(await refused.text()).toContain('The form could not be verified.');
    });

    it('refuses the form from a browser without the binding cookie (double submit)', async () => {
      const { html } = await atSignInPage();
      const attacker = new HttpBrowser();
      const refused = await attacker.post('/sign-in', {
        ...hiddenFields(html),
        identifier: user.email,
        password: user.password,
      });
      expect(refused.status).toBe(400);
      expect(await refused.text()).toContain('opened in a different browser');
      expect(attacker.cookies.has('tessera_session')).toBe(false);
    });

    it('shows an expired or unknown interaction as a page', async () => {
      const response = await new HttpBrowser().get('/sign-in?interaction=no-such-thing');
      expect(response.status).toBe(400);
      expect(await response.text()).toContain('This page has expired. Go back to the application and try again.');
      expect((await new HttpBrowser().get('/consent')).status).toBe(400);
    });
  });

  describe('signing in and consenting', () => {
    it('sets a fresh HttpOnly, SameSite=Lax, host-only session cookie and moves on to consent', async () => {
      const { browser, html: signInPage } = await atSignInPage();
      const signedIn = await signInThroughPage(browser, signInPage, user);
      expect(signedIn.status).toBe(303);
      expect(signedIn.headers.get('location')).toMatch(new RegExp(`^${e2e.issuer}/consent\\?interaction=[\\w-]+$`));
      const session = signedIn.headers.getSetCookie().find((cookie) => cookie.startsWith('tessera_session='));
      expect(session).toMatch(/^tessera_session=[\w-]{43}; Path=\/; Max-Age=604800; HttpOnly; SameSite=Lax$/);

      const consent = await browser.follow(signedIn);
      expect(consent.status).toBe(200);
      expect(consent.headers.get('content-security-policy')).toBe(PAGE_CSP(new URL(app.redirectUri).origin));
      const html = await consent.text();
      expect(html).toContain('wants to access your account');
      expect(html).toContain('See your email address');
      expect(html).toContain('<span class="badge">Sensitive</span>');
      expect(html).toContain('until you revoke access');
      expect(html).toMatch(/<button type="submit" name="consented" value="true">\s*Allow\s*<\/button>/);
      expect(html).toMatch(
        /<button type="submit" name="consented" value="false" class="secondary">\s*Deny\s*<\/button>/,
      );
      expect(html).toContain('<strong>127.0.0.1</strong>');
    });

    it('sends access_denied with state and iss when the user denies', async () => {
      const { browser, html } = await atSignInPage();
      const consent = await browser.follow(await signInThroughPage(browser, html, user));
      const denied = await browser.post('/consent', { ...hiddenFields(await consent.text()), consented: 'false' });
      expect(denied.status).toBe(303);
      const location = new URL(denied.headers.get('location') ?? '');
      expect(`${location.origin}${location.pathname}`).toBe(app.redirectUri);
      expect(Object.fromEntries(location.searchParams)).toEqual({
        error: 'access_denied',
        error_description: 'The user denied the authorization request',
        state: 'st-1',
        iss: e2e.issuer,
      });
    });

    it('treats anything but consented=true as a denial, and the page is then spent', async () => {
      const { browser, html } = await atSignInPage();
      const consent = await browser.follow(await signInThroughPage(browser, html, user));
      const fields = hiddenFields(await consent.text());
      const denied = await browser.post('/consent', { ...fields, consented: 'yes' });
      expect(new URL(denied.headers.get('location') ?? '').searchParams.get('error')).toBe('access_denied');
      const again = await browser.post('/consent', { ...fields, consented: 'true' });
      expect(again.status).toBe(400);
      expect(await again.text()).toContain('This request has already been completed.');
    });
  });

  describe('throttling', () => {
    it('answers 429 with Retry-After once an account has too many failures, even for the right password', async () => {
      const target = await createUser();
      const { browser, html } = await atSignInPage();
      const fields = hiddenFields(html);
      for (let attempt = 0; attempt < 5; attempt++) {
        const failed = await browser.post('/sign-in', { ...fields, identifier: ` ${target.email}`, password: 'guess' });
        expect(failed.status).toBe(200);
      }
      const throttled = await browser.post('/sign-in', {
        ...fields,
        identifier: target.email.toUpperCase(),
        password: target.password,
      });
      expect(throttled.status).toBe(429);
      const retryAfter = Number(throttled.headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(900);
      const page = await throttled.text();
      expect(page).toMatch(/Too many sign-in attempts[\s\S]*Try again in \d+ minutes?\./);
      expect(page).toContain(`<a href="${e2e.issuer}/sign-in?interaction=${fields.interaction}">Back to sign in</a>`);
    });
  });
});
