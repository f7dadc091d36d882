import { e2e } from '../support/e2e-env';
import { CallbackServer, createApp, HttpBrowser, type TestApp } from './authorize-fixtures';

const CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';

describe('GET/POST /oauth/authorize: parameters and errors', () => {
  const callback = new CallbackServer();
  let app: TestApp;
  let publicApp: TestApp;

  beforeAll(async () => {
    await callback.start();
    app = await createApp(callback.redirectUri, { scopes: 'openid profile email' });
    publicApp = await createApp(callback.redirectUri, { public: true, scopes: 'openid profile email' });
  });
  afterAll(() => callback.stop());

  const authorize = (params: Record<string, string>, method: 'GET' | 'POST' = 'GET') => {
    const browser = new HttpBrowser();
    if (method === 'POST') return browser.post('/oauth/authorize', params);
    return browser.get(`/oauth/authorize?${new URLSearchParams(params)}`);
  };
  const request = (overrides: Record<string, string> = {}) => ({
    response_type: 'code',
    client_id: app.clientId,
    redirect_uri: app.redirectUri,
    scope: 'openid email',
    state: 'state-xyz',
    code_challenge: CHALLENGE,
    code_challenge_method: 'S256',
    ...overrides,
  });

  /** The redirect's target and its query, for an exact assertion. */
  const redirected = (response: Response) => {
    const location = new URL(response.headers.get('location') ?? 'http://missing/');
    return {
      status: response.status,
      target: `${location.origin}${location.pathname}`,
      params: Object.fromEntries(location.searchParams),
    };
  };

  describe('before the redirect_uri is verified: an error page, never a redirect', () => {
    it.each([
      ['an unknown client_id', () => ({ client_id: 'no-such-client' }), 'invalid_client'],
      ['an unregistered redirect_uri', () => ({ redirect_uri: 'https://evil.example/callback' }), 'invalid_request'],
      ['a redirect_uri differing by path', () => ({ redirect_uri: `${app.redirectUri}/evil` }), 'invalid_request'],
    ])('shows %s as a page', async (_, overrides, code) => {
      const response = await authorize(request(overrides()));
      expect(response.status).toBe(400);
      expect(response.headers.get('location')).toBeNull();
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      const page = await response.text();
      expect(page).toContain(`<code>${code}</code>`);
      expect(page).not.toContain('evil');
      expect(callback.hits).toHaveLength(0);
    });

    it('shows a missing client_id as a page', async () => {
      const response = await authorize(request({ client_id: '' }));
      expect(response.status).toBe(400);
      expect(await response.text()).toContain('The &quot;client_id&quot; parameter is required');
    });

    it('shows a repeated redirect_uri as a page', async () => {
      const query = `${new URLSearchParams(request())}&redirect_uri=${encodeURIComponent('https://evil.example/cb')}`;
      const response = await new HttpBrowser().get(`/oauth/authorize?${query}`);
      expect(response.status).toBe(400);
      expect(response.headers.get('location')).toBeNull();
      expect(await response.text()).toContain('The &quot;redirect_uri&quot; parameter must not be repeated');
    });
  });

  describe('after it: a 303 to the client with error, error_description, state and iss (RFC 9207)', () => {
    it.each([
      [{ scope: 'openid admin:everything' }, 'invalid_scope'],
      [{ scope: 'openid private_metadata' }, 'invalid_scope'],
      [{ response_type: 'token' }, 'unsupported_response_type'],
      [{ response_type: '' }, 'invalid_request'],
      [{ code_challenge_method: 'plain' }, 'invalid_request'],
      [{ code_challenge: '' }, 'invalid_request'],
      [{ prompt: 'none login' }, 'invalid_request'],
      [{ prompt: 'select_account' }, 'invalid_request'],
      [{ max_age: '-1' }, 'invalid_request'],
      [{ response_mode: 'fragment' }, 'invalid_request'],
      [{ request: 'eyJhbGciOiJub25lIn0.e30.' }, 'request_not_supported'],
      [{ request_uri: 'https://rp.example/request.jwt' }, 'request_uri_not_supported'],
      [{ prompt: 'none' }, 'login_required'],
    ])('answers %j with %s', async (overrides, error) => {
      const response = await authorize(request(overrides));
      expect(redirected(response)).toEqual({
        status: 303,
        target: app.redirectUri,
        params: { error, error_description: expect.any(String), state: 'state-xyz', iss: e2e.issuer },
      });
    });

    it('refuses the plain PKCE method and a missing method (which means plain) with a description', async () => {
      for (const overrides of [{ code_challenge_method: 'plain' }, { code_challenge_method: '' }]) {
        expect(redirected(await authorize(request(overrides))).params.error_description).toBe(
          'The "code_challenge_method" parameter must be "S256" ("plain" is not supported)',
        );
      }
    });

    it('requires PKCE from a public client', async () => {
      const response = await authorize(
        request({ client_id: publicApp.clientId, code_challenge: '', code_challenge_method: '' }),
      );
      expect(redirected(response).params).toEqual({
        error: 'invalid_request',
        error_description: 'This client must use PKCE: the "code_challenge" parameter is required',
        state: 'state-xyz',
        iss: e2e.issuer,
      });
    });

    it('does not echo a repeated state, and says which parameter was repeated', async () => {
      const response = await new HttpBrowser().get(`/oauth/authorize?${new URLSearchParams(request())}&state=again`);
      expect(redirected(response).params).toEqual({
        error: 'invalid_request',
        error_description: 'The "state" parameter must not be repeated',
        iss: e2e.issuer,
      });
    });

    it('answers a POSTed (form) request like a GET one', async () => {
      const response = await authorize(request({ prompt: 'none' }), 'POST');
      expect(redirected(response)).toMatchObject({ status: 303, params: { error: 'login_required' } });
    });

    it('ignores unknown parameters', async () => {
      const response = await authorize(request({ prompt: 'none', ui_locales: 'fr', claims: '{}', foo: 'bar' }));
      expect(redirected(response).params.error).toBe('login_required');
    });

    it('answers by an auto-posting form with response_mode=form_post', async () => {
      const response = await authorize(request({ prompt: 'none', response_mode: 'form_post' }));
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp).toContain(`form-action 'self' ${new URL(app.redirectUri).origin};`);
      expect(csp).toMatch(/script-src 'sha256-[A-Za-z0-9+/]+=';/);
      const page = await response.text();
      expect(page).toContain(`<form method="post" action="${app.redirectUri}">`);
      expect(page).toContain('<input type="hidden" name="error" value="login_required"');
      expect(page).toContain('<input type="hidden" name="state" value="state-xyz"');
      expect(page).toContain(`<input type="hidden" name="iss" value="${e2e.issuer}"`);
      expect(page).toContain('<noscript>');
    });
  });

  describe('discovery', () => {
    it('advertises exactly what the authorization endpoint implements', async () => {
      const metadata = (await (await fetch(`${e2e.issuer}/.well-known/openid-configuration`)).json()) as Record<
        string,
        unknown
      >;
      expect(metadata).toMatchObject({
        authorization_endpoint: `${e2e.issuer}/oauth/authorize`,
        response_types_supported: ['code'],
        response_modes_supported: ['query', 'form_post'],
        code_challenge_methods_supported: ['S256'],
        prompt_values_supported: ['none', 'login', 'consent'],
        authorization_response_iss_parameter_supported: true,
        claims_parameter_supported: false,
        request_parameter_supported: false,
        request_uri_parameter_supported: false,
      });
    });
  });
});
