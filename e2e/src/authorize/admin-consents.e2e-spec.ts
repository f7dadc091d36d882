import { admin, e2e } from '../support/e2e-env';
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

const adminDelete = (path: string, key = e2e.adminKey) =>
  fetch(`${e2e.issuer}${path}`, { method: 'DELETE', headers: { authorization: `Bearer ${key}` } });

describe('GET and DELETE /v1/users/{id}/oauth_consents', () => {
  const callback = new CallbackServer();
  let app: TestApp;
  let user: TestUser;

  beforeAll(async () => {
    await callback.start();
    app = await createApp(callback.redirectUri, { name: 'Consent RP' });
    user = await createUser();
  });
  afterAll(() => callback.stop());

  /** Signs the user in and allows `scope` for the app, through the pages; answers the browser. */
  async function consent(scope: string, browser = new HttpBrowser()) {
    const query = new URLSearchParams({
      response_type: 'code',
      client_id: app.clientId,
      redirect_uri: app.redirectUri,
      scope,
      code_challenge: CHALLENGE,
      code_challenge_method: 'S256',
    });
    let page = await browser.follow(await browser.get(`/oauth/authorize?${query}`));
    if (new URL(page.url).pathname === '/sign-in')
      page = await browser.follow(await signInThroughPage(browser, page, user));
    const allowed = await browser.post('/consent', { ...hiddenFields(await page.text()), consented: 'true' });
    expect(allowed.status).toBe(303);
    expect(new URL(allowed.headers.get('location') ?? '').searchParams.get('code')).toEqual(expect.any(String));
    return browser;
  }

  it('lists a consent in the admin API’s style and deletes it, after which the user is asked again', async () => {
    const browser = await consent('openid email');
    const listed = await admin(`/v1/users/${user.id}/oauth_consents`);
    expect(listed.status).toBe(200);
    const body = (await listed.json()) as { data: Array<Record<string, unknown>>; total_count: number };
    expect(body).toEqual({
      data: [
        {
          object: 'oauth_consent',
          id: expect.stringMatching(/^cns_[0-9a-f]{32}$/),
          user_id: user.id,
          client_id: app.clientId,
          scopes: 'openid email',
          organization_id: null,
          created_at: expect.any(Number),
          updated_at: expect.any(Number),
        },
      ],
      total_count: 1,
    });

    const deleted = await adminDelete(`/v1/users/${user.id}/oauth_consents/${app.clientId}`);
    expect(deleted.status).toBe(200);
    expect(await deleted.json()).toEqual({ object: 'oauth_consent', id: body.data[0].id, deleted: true });
    expect(await (await admin(`/v1/users/${user.id}/oauth_consents`)).json()).toEqual({ data: [], total_count: 0 });

    const again = await adminDelete(`/v1/users/${user.id}/oauth_consents/${app.clientId}`);
    expect(again.status).toBe(404);
    expect(await again.json()).toMatchObject({ errors: [{ code: 'resource_not_found' }] });

    const query = new URLSearchParams({
      response_type: 'code',
      client_id: app.clientId,
      redirect_uri: app.redirectUri,
      scope: 'openid email',
      code_challenge: CHALLENGE,
      code_challenge_method: 'S256',
      prompt: 'none',
    });
    const silent = await browser.get(`/oauth/authorize?${query}`);
    expect(new URL(silent.headers.get('location') ?? '').searchParams.get('error')).toBe('consent_required');
  });

  it('answers resource_not_found for an unknown user, and 401 without the admin key', async () => {
    const unknown = await admin('/v1/users/user_doesnotexist/oauth_consents');
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ errors: [{ code: 'resource_not_found' }] });
    const anonymous = await fetch(`${e2e.issuer}/v1/users/${user.id}/oauth_consents`);
    expect(anonymous.status).toBe(401);
    expect((await adminDelete(`/v1/users/${user.id}/oauth_consents/${app.clientId}`, 'wrong')).status).toBe(401);
  });
});
