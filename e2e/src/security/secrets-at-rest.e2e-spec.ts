import { createUser, hiddenFields } from '../authorize/authorize-fixtures';
import { admin, e2e } from '../support/e2e-env';
import { ALL_SCOPES, basicAuth, postForm, REDIRECT_URI } from '../token/token-fixtures';
import { bearer } from '../userinfo/userinfo-fixtures';
import { ownLoopbackAddress } from './support/http-client';
import { authorizePath, LoopbackBrowser, PKCE_VERIFIER } from './support/loopback-browser';
import { snapshotStores, whereStored, type StoredValue } from './support/store-snapshot';

/*
 * Secrets at rest: after a full run — a user with a password, a confidential client (its secret rotated once), a
 * browser that mistypes its password, signs in and consents, a code exchanged for access, refresh and ID tokens,
 * a refresh, userinfo and introspection, a webhook, a dynamically registered client — every row of every table of
 * the stack's Postgres and every key under its Redis namespace is read, and none may hold any of those secrets in
 * clear (nor base64 of one), nor a private key.
 */

interface Secrets {
  [name: string]: string;
}

describe('secrets at rest (Postgres and Redis after a full run)', () => {
  const secrets: Secrets = {};
  let stores: StoredValue[];
  let webhookId: string;

  beforeAll(async () => {
    const browser = new LoopbackBrowser(ownLoopbackAddress());
    const user = await createUser();
    secrets.password = user.password;

    const created = await admin('/v1/oauth_applications', {
      method: 'POST',
      body: JSON.stringify({
        name: 'Secrets at rest',
        redirect_uris: [REDIRECT_URI],
        scopes: ALL_SCOPES,
        access_token_format: 'opaque',
      }),
    });
    const application = (await created.json()) as { id: string; client_id: string; client_secret: string };
    secrets['rotated-away client secret'] = application.client_secret;
    const rotated = await admin(`/v1/oauth_applications/${application.id}/rotate_secret`, { method: 'POST' });
    const clientSecret = ((await rotated.json()) as { client_secret: string }).client_secret;
    secrets['client secret'] = clientSecret;

    const started = await browser.get(
      authorizePath({
        client_id: application.client_id,
        redirect_uri: REDIRECT_URI,
        scope: 'openid email offline_access',
      }),
    );
    const signInPage = await browser.follow(started);
    const signInForm = hiddenFields(signInPage.text);
    secrets['interaction CSRF token'] = signInForm.csrf_token;
    secrets['browser binding cookie (tessera_csrf)'] = browser.cookies.get('tessera_csrf') ?? '';
    const mistyped = `${user.password}-mistyped`;
    secrets['mistyped password'] = mistyped;
    expect((await browser.post('/sign-in', { ...signInForm, identifier: user.email, password: mistyped })).status).toBe(
      200,
    );
    const signedIn = await browser.post('/sign-in', { ...signInForm, identifier: user.email, password: user.password });
    expect(signedIn.status).toBe(303);
    secrets['session cookie (tessera_session)'] = browser.cookies.get('tessera_session') ?? '';
    const consentPage = await browser.follow(signedIn);
    const consentForm = hiddenFields(consentPage.text);
    secrets['consent page CSRF token'] = consentForm.csrf_token;
    const allowed = await browser.post('/consent', { ...consentForm, consented: 'true' });
    const code = new URL(String(allowed.headers.location)).searchParams.get('code') ?? '';
    secrets['authorization code'] = code;
    secrets['PKCE code verifier'] = PKCE_VERIFIER;

    const client = { authorization: basicAuth(application.client_id, clientSecret) };
    const exchanged = await postForm(
      '/oauth/token',
      { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, code_verifier: PKCE_VERIFIER },
      client,
    );
    expect(exchanged.status).toBe(200);
    const tokens = (await exchanged.json()) as { access_token: string; refresh_token: string; id_token: string };
    secrets['access token (opaque)'] = tokens.access_token;
    secrets['ID token'] = tokens.id_token;
    secrets['used refresh token'] = tokens.refresh_token;
    const refreshed = await postForm(
      '/oauth/token',
      { grant_type: 'refresh_token', refresh_token: tokens.refresh_token },
      client,
    );
    expect(refreshed.status).toBe(200);
    const next = (await refreshed.json()) as { access_token: string; refresh_token: string };
    secrets['refreshed access token'] = next.access_token;
    secrets['current refresh token'] = next.refresh_token;
    expect((await fetch(`${e2e.issuer}/oauth/userinfo`, { headers: bearer(next.access_token) })).status).toBe(200);
    expect((await postForm('/oauth/token_info', { token: next.access_token }, client)).status).toBe(200);

    const account = await browser.get('/account/authorized-apps');
    secrets['account page CSRF token'] = hiddenFields(account.text).csrf_token;

    const webhook = await admin('/v1/webhooks', {
      method: 'POST',
      body: JSON.stringify({ url: 'https://hooks.invalid/secrets-at-rest', event_types: ['organization.deleted'] }),
    });
    const { id, secret } = (await webhook.json()) as { id: string; secret: string };
    webhookId = id;
    secrets['webhook signing secret'] = secret;
    secrets['webhook signing key (its base64)'] = secret.slice('whsec_'.length);

    const registered = await fetch(`${e2e.issuer}/oauth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ redirect_uris: ['https://dcr.example.com/cb'], client_name: 'Secrets at rest DCR' }),
    });
    expect(registered.status).toBe(201);
    secrets['dynamically registered client secret'] = (
      (await registered.json()) as { client_secret: string }
    ).client_secret;
    secrets['admin API key'] = e2e.adminKey;

    for (const [name, value] of Object.entries(secrets)) expect([name, value]).toEqual([name, expect.any(String)]);
    stores = await snapshotStores();
  });

  afterAll(async () => {
    if (webhookId) await admin(`/v1/webhooks/${webhookId}`, { method: 'DELETE' });
  });

  it('has read the stores of this stack', () => {
    const places = new Set(stores.map(({ where }) => where.split(' ')[0] + ' ' + where.split(' ')[1].split(':')[1]));
    expect(stores.some(({ where }) => where === 'postgres token.refresh_tokens')).toBe(true);
    expect(stores.some(({ where }) => where === 'postgres accounts.users')).toBe(true);
    expect(stores.some(({ where }) => where.startsWith(`redis ${e2e.redisNamespace}:authorize:session:`))).toBe(true);
    expect(places.size).toBeGreaterThan(3);
  });

  it.each([
    'password',
    'mistyped password',
    'client secret',
    'rotated-away client secret',
    'dynamically registered client secret',
    'authorization code',
    'PKCE code verifier',
    'access token (opaque)',
    'refreshed access token',
    'used refresh token',
    'current refresh token',
    'ID token',
    'session cookie (tessera_session)',
    'browser binding cookie (tessera_csrf)',
    'interaction CSRF token',
    'consent page CSRF token',
    'account page CSRF token',
    'webhook signing secret',
    'webhook signing key (its base64)',
    'admin API key',
  ])('stores no %s in clear', (name) => {
    expect(whereStored(stores, secrets[name])).toEqual([]);
  });

  it('stores no private key in clear: no PEM block, no JWK with a private member', () => {
    const privateJwkMember = /"(?:d|p|q|dp|dq|qi|k)"\s*:\s*"[A-Za-z0-9_-]{16,}/;
    const leaks = stores
      .filter(({ text }) => text.includes('-----BEGIN') || privateJwkMember.test(text.replace(/\\"/g, '"')))
      .map(({ where }) => where);
    expect(leaks).toEqual([]);
    const keys = stores.filter(({ where }) => where === 'postgres token.signing_keys');
    expect(keys.length).toBeGreaterThan(0);
    for (const { text } of keys) expect(text).toMatch(/v1\.[\w-]+\.[\w-]+\.[\w-]+/);
  });
});
