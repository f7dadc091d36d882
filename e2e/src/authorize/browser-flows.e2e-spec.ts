import * as oidc from 'openid-client';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { e2e } from '../support/e2e-env';
import {
  authorizationRequest,
  CallbackServer,
  createApp,
  createOrganization,
  createUser,
  launchChromium,
  relyingParty,
  type TestApp,
  type TestUser,
} from './authorize-fixtures';

/**
 * The whole authorization code flow as a person sees it: headless Chromium on Tessera's pages, openid-client as
 * the relying party (it checks state, nonce, PKCE and RFC 9207's iss), the real services behind the gateway.
 */
describe('the authorization code flow in a browser', () => {
  const callback = new CallbackServer();
  let chromium: Browser;
  let app: TestApp;
  let rp: oidc.Configuration;

  beforeAll(async () => {
    await callback.start();
    chromium = await launchChromium();
    app = await createApp(callback.redirectUri, { name: 'Browser RP' });
    rp = await relyingParty(app);
  });
  afterAll(async () => {
    await chromium.close();
    await callback.stop();
  });

  let context: BrowserContext;
  let page: Page;
  beforeEach(async () => {
    context = await chromium.newContext();
    page = await context.newPage();
  });
  afterEach(() => context.close());

  const atCallback = () => page.waitForURL((url) => url.href.startsWith(callback.redirectUri));

  async function signIn(user: TestUser, identifier = user.email) {
    await page.waitForURL(`${e2e.issuer}/sign-in?**`);
    await page.getByLabel('Email address or username').fill(identifier);
    await page.getByLabel('Password').fill(user.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }

  async function allow(organization?: string) {
    await page.waitForURL(`${e2e.issuer}/consent?**`);
    if (organization) await page.getByLabel('Organization to share').selectOption({ label: organization });
    await page.getByRole('button', { name: 'Allow' }).click();
  }

  /** Runs one authorization; `interact` drives the pages (if any). Answers openid-client's token response. */
  async function authorize(
    params: Record<string, string>,
    interact: () => Promise<void> = async () => undefined,
    relyingParty: { rp: oidc.Configuration; app: TestApp } = { rp, app },
  ) {
    const request = await authorizationRequest(relyingParty.rp, relyingParty.app, params);
    const hitsBefore = callback.hits.length;
    await page.goto(request.url.href);
    await interact();
    await atCallback();
    expect(callback.hits).toHaveLength(hitsBefore + 1);
    return oidc.authorizationCodeGrant(relyingParty.rp, callback.last().url, {
      pkceCodeVerifier: request.verifier,
      expectedState: request.state,
      expectedNonce: request.nonce,
    });
  }

  it('signs in, consents and gets tokens; then remembers the consent', async () => {
    const user = await createUser();
    const tokens = await authorize({ scope: 'openid profile email offline_access' }, async () => {
      await signIn(user);
      expect(await page.locator('h1').innerText()).toBe('Browser RP wants to access your account');
      expect(await page.locator('.scopes li').allInnerTexts()).toEqual([
        'Confirm who you are',
        'See your name, username and profile picture',
        'See your email address',
      ]);
      expect(await page.getByText('You will stay signed in to Browser RP until you revoke access.').count()).toBe(1);
      await allow();
    });
    const claims = tokens.claims();
    expect(claims).toMatchObject({ iss: e2e.issuer, sub: user.id, aud: app.clientId, email: user.email });
    expect(tokens.refresh_token).toEqual(expect.any(String));
    expect(callback.last().url.searchParams.get('iss')).toBe(e2e.issuer);

    // Same browser, same (or fewer) scopes: no page at all, even with prompt=none.
    const again = await authorize({ scope: 'openid email' });
    expect(again.claims()?.sub).toBe(user.id);
    const silent = await authorize({ scope: 'openid profile', prompt: 'none' });
    expect(silent.claims()?.sub).toBe(user.id);
  });

  it('asks again for consent with prompt=consent, and for sign-in with prompt=login or max_age=0', async () => {
    const user = await createUser();
    const first = await authorize({}, async () => {
      await signIn(user);
      await allow();
    });
    const firstAuthTime = first.claims()?.auth_time ?? 0;

    await authorize({ prompt: 'consent' }, () => allow());

    await new Promise((resolve) => setTimeout(resolve, 1100));
    const relogin = await authorize({ prompt: 'login', login_hint: user.email }, async () => {
      await page.waitForURL(`${e2e.issuer}/sign-in?**`);
      expect(await page.getByLabel('Email address or username').inputValue()).toBe(user.email);
      await signIn(user);
    });
    expect(relogin.claims()?.auth_time).toBeGreaterThan(firstAuthTime);

    const fresh = await authorize({ max_age: '0' }, () => signIn(user, user.username));
    expect(fresh.claims()?.sub).toBe(user.id);
  });

  it('accepts an id_token_hint for the signed-in user with prompt=none, and not for someone else', async () => {
    const someoneElse = await createUser();
    const theirs = await authorize({}, async () => {
      await signIn(someoneElse);
      await allow();
    });
    await context.clearCookies();
    const user = await createUser();
    const mine = await authorize({}, async () => {
      await signIn(user);
      await allow();
    });

    const hinted = await authorize({ prompt: 'none', id_token_hint: mine.id_token ?? '' });
    expect(hinted.claims()?.sub).toBe(user.id);

    const request = await authorizationRequest(rp, app, { prompt: 'none', id_token_hint: theirs.id_token ?? '' });
    await page.goto(request.url.href);
    await atCallback();
    expect(callback.last().url.searchParams.get('error')).toBe('login_required');
  });

  it('sends access_denied when the user denies', async () => {
    const user = await createUser();
    const request = await authorizationRequest(rp, app);
    await page.goto(request.url.href);
    await signIn(user);
    await page.waitForURL(`${e2e.issuer}/consent?**`);
    await page.getByRole('button', { name: 'Deny' }).click();
    await atCallback();
    const error = await oidc
      .authorizationCodeGrant(rp, callback.last().url, {
        pkceCodeVerifier: request.verifier,
        expectedState: request.state,
      })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(oidc.AuthorizationResponseError);
    expect(error).toMatchObject({
      error: 'access_denied',
      error_description: 'The user denied the authorization request',
    });
  });

  it('lets the user pick the organization to share when user:org:read is asked for', async () => {
    const user = await createUser();
    await createOrganization(user.id, 'Analytical Engines');
    const poetry = await createOrganization(user.id, 'Poetical Science');
    const tokens = await authorize({ scope: 'openid user:org:read' }, async () => {
      await signIn(user);
      await allow('Poetical Science');
    });
    expect(tokens.claims()?.org_id).toBe(poetry);
  });

  it('answers with response_mode=form_post, with and without JavaScript', async () => {
    const user = await createUser();
    const request = await authorizationRequest(rp, app, { response_mode: 'form_post' });
    await page.goto(request.url.href);
    await signIn(user);
    await allow();
    await atCallback();
    const posted = callback.last();
    expect(posted.method).toBe('POST');
    expect([...posted.body.keys()].sort()).toEqual(['code', 'iss', 'state']);
    const tokens = await oidc.authorizationCodeGrant(
      rp,
      new Request(app.redirectUri, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: posted.body.toString(),
      }),
      { pkceCodeVerifier: request.verifier, expectedState: request.state, expectedNonce: request.nonce },
    );
    expect(tokens.claims()?.sub).toBe(user.id);

    const noScript = await chromium.newContext({ javaScriptEnabled: false });
    const cookies = await context.cookies();
    await noScript.addCookies(cookies);
    const plain = await noScript.newPage();
    const second = await authorizationRequest(rp, app, { response_mode: 'form_post' });
    await plain.goto(second.url.href);
    await plain.getByRole('button', { name: 'Continue' }).click();
    await plain.waitForURL((url) => url.href.startsWith(callback.redirectUri));
    expect(callback.last().method).toBe('POST');
    expect(callback.last().body.get('state')).toBe(second.state);
    await noScript.close();
  });

  it('works with JavaScript off all the way', async () => {
    const user = await createUser();
    await context.close();
    context = await chromium.newContext({ javaScriptEnabled: false });
    page = await context.newPage();
    const tokens = await authorize({}, async () => {
      await signIn(user);
      await allow();
    });
    expect(tokens.claims()?.sub).toBe(user.id);
  });

  it('skips the consent page for an application with the consent screen disabled', async () => {
    const user = await createUser();
    const silentApp = await createApp(callback.redirectUri, { name: 'Trusted RP', consent_screen_enabled: false });
    const tokens = await authorize({}, () => signIn(user), { rp: await relyingParty(silentApp), app: silentApp });
    expect(tokens.claims()).toMatchObject({ sub: user.id, aud: silentApp.clientId });
  });

  it('never redirects to an unregistered redirect_uri', async () => {
    const hitsBefore = callback.hits.length;
    const url = new URL(`${e2e.issuer}/oauth/authorize`);
    url.search = new URLSearchParams({
      response_type: 'code',
      client_id: app.clientId,
      redirect_uri: `${callback.redirectUri}/elsewhere`,
      scope: 'openid',
      state: 'x',
    }).toString();
    const response = await page.goto(url.href);
    expect(response?.status()).toBe(400);
    expect(page.url()).toBe(url.href);
    expect(await page.locator('h1').innerText()).toBe('This request cannot be completed');
    expect(callback.hits).toHaveLength(hitsBefore);
  });

  it('signs out', async () => {
    const user = await createUser();
    await authorize({}, async () => {
      await signIn(user);
      await allow();
    });
    await page.goto(`${e2e.issuer}/sign-out`);
    expect(await page.locator('h1').innerText()).toBe('Sign out?');
    expect((await context.cookies()).map((cookie) => cookie.name)).toContain('tessera_session');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'You are signed out' }).waitFor();
    expect(await page.locator('h1').innerText()).toBe('You are signed out');
    expect((await context.cookies()).map((cookie) => cookie.name)).not.toContain('tessera_session');
    const request = await authorizationRequest(rp, app, { prompt: 'none' });
    await page.goto(request.url.href);
    await atCallback();
    expect(callback.last().url.searchParams.get('error')).toBe('login_required');
  });

  it('lists the authorized applications and revokes one, with its tokens', async () => {
    const user = await createUser();
    const tokens = await authorize({ scope: 'openid email offline_access' }, async () => {
      await signIn(user);
      await allow();
    });
    await context.clearCookies();

    await page.goto(`${e2e.issuer}/account/authorized-apps`);
    await page.waitForURL(`${e2e.issuer}/sign-in?**`);
    expect(await page.locator('.lead').innerText()).toBe('to manage your account');
    await signIn(user);
    await page.waitForURL(`${e2e.issuer}/account/authorized-apps`);
    expect(await page.locator('.apps h2').allInnerTexts()).toEqual(['Browser RP']);

    await page.getByRole('button', { name: 'Revoke access for Browser RP' }).click();
    await page.waitForURL(`${e2e.issuer}/account/authorized-apps`);
    expect(await page.getByText('You have not authorized any applications.').count()).toBe(1);

    const refreshed = await oidc.refreshTokenGrant(rp, tokens.refresh_token ?? '').catch((caught: unknown) => caught);
    expect(refreshed).toMatchObject({ error: 'invalid_grant' });

    // The consent is forgotten: the next authorization asks again.
    const request = await authorizationRequest(rp, app, { prompt: 'none' });
    await page.goto(request.url.href);
    await atCallback();
    expect(callback.last().url.searchParams.get('error')).toBe('consent_required');
  });
});
