import { SUPPORTED_SCOPES } from '@tessera/contracts';
import { admin, e2e } from '../support/e2e-env';

type Json = Record<string, unknown>;

const register = (body: unknown, contentType = 'application/json') =>
  fetch(`${e2e.issuer}/oauth/register`, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

describe('POST /oauth/register (RFC 7591)', () => {
  it('is advertised in discovery, beside the auth methods and scopes a registered client gets', async () => {
    const metadata = (await (await fetch(`${e2e.issuer}/.well-known/openid-configuration`)).json()) as Json;
    expect(metadata.registration_endpoint).toBe(`${e2e.issuer}/oauth/register`);
    expect(metadata.token_endpoint_auth_methods_supported).toEqual([
      'client_secret_basic',
      'client_secret_post',
      'none',
    ]);
    expect(metadata.scopes_supported).toEqual([...SUPPORTED_SCOPES]);
  });

  it('registers a confidential client: 201, the credentials and the registered metadata', async () => {
    const before = Math.floor(Date.now() / 1000);
    const response = await register({
      redirect_uris: ['https://mcp.example.com/callback'],
      client_name: 'MCP Inspector',
      client_uri: 'https://mcp.example.com',
      logo_uri: 'https://mcp.example.com/logo.png',
      software_id: 'ignored-member',
      contacts: ['ops@mcp.example.com'],
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('pragma')).toBe('no-cache');
    const body = (await response.json()) as Json;
    expect(body).toEqual({
      client_id: expect.stringMatching(/^[A-Za-z0-9_-]{32}$/),
      client_secret: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      client_secret_expires_at: 0,
      client_id_issued_at: expect.any(Number),
      client_name: 'MCP Inspector',
      client_uri: 'https://mcp.example.com',
      logo_uri: 'https://mcp.example.com/logo.png',
      redirect_uris: ['https://mcp.example.com/callback'],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      // No scope asked for: every scope discovery advertises, so asking for any of them is never refused.
      scope: SUPPORTED_SCOPES.join(' '),
      token_endpoint_auth_method: 'client_secret_basic',
    });
    expect(body.client_id_issued_at as number).toBeGreaterThanOrEqual(before);

    // It is an OAuth application like any other, marked as registered, with consent forced on.
    const listed = (await (await admin(`/v1/oauth_applications?name_query=${body.client_id as string}`)).json()) as {
      data: Json[];
    };
    expect(listed.data).toHaveLength(1);
    expect(listed.data[0]).toMatchObject({
      client_id: body.client_id,
      name: 'MCP Inspector',
      dynamically_registered: true,
      consent_screen_enabled: true,
      public: false,
      client_uri: 'https://mcp.example.com',
      client_image_url: 'https://mcp.example.com/logo.png',
      scopes: SUPPORTED_SCOPES.join(' '),
    });
    const patch = await admin(`/v1/oauth_applications/${listed.data[0].id as string}`, {
      method: 'PATCH',
      body: JSON.stringify({ consent_screen_enabled: false }),
    });
    expect(patch.status).toBe(422);
    expect(await patch.json()).toEqual({
      errors: [
        {
          code: 'form_param_value_invalid',
          message: 'is invalid',
          long_message: 'consent_screen_enabled cannot be disabled for dynamically registered OAuth applications',
          meta: { param_name: 'consent_screen_enabled' },
        },
      ],
    });
  });

  it('registers a public client for token_endpoint_auth_method none, named after its client_id', async () => {
    const response = await register({
      redirect_uris: ['http://127.0.0.1/callback'],
      token_endpoint_auth_method: 'none',
      scope: 'openid profile offline_access',
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
    });
    expect(response.status).toBe(201);
    const body = (await response.json()) as Json;
    expect(body).toEqual({
      client_id: expect.any(String),
      client_id_issued_at: expect.any(Number),
      client_name: body.client_id,
      redirect_uris: ['http://127.0.0.1/callback'],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      scope: 'openid profile offline_access',
      token_endpoint_auth_method: 'none',
    });
  });

  it('echoes client_secret_post', async () => {
    const response = await register({
      redirect_uris: ['com.example.agent:/oauth/callback'],
      token_endpoint_auth_method: 'client_secret_post',
    });
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({
      token_endpoint_auth_method: 'client_secret_post',
      client_secret: expect.any(String),
      redirect_uris: ['com.example.agent:/oauth/callback'],
    });
  });

  it.each([
    [{}, 'redirect_uris is required'],
    [{ redirect_uris: [] }, 'At least one redirect URI is required'],
    [{ redirect_uris: 'https://a.example/cb' }, 'redirect_uris must be an array of strings'],
    [{ redirect_uris: [7] }, 'redirect_uris must be an array of strings'],
    [
      { redirect_uris: [`https://a.example/${'x'.repeat(2048)}`] },
      'redirect_uris entries must be at most 2048 characters',
    ],
    [
      { redirect_uris: ['http://a.example/cb'] },
      '"http://a.example/cb" is not a valid redirect URI: http is only allowed for loopback hosts (127.0.0.1, [::1], localhost); use https',
    ],
    [
      { redirect_uris: ['https://a.example/cb#x'] },
      '"https://a.example/cb#x" is not a valid redirect URI: it must not contain a fragment',
    ],
    [{ redirect_uris: ['callback'] }, '"callback" is not a valid redirect URI: it is not an absolute URI'],
    [
      { redirect_uris: ['data:text/html,hi'] },
      '"data:text/html,hi" is not a valid redirect URI: the "data" scheme is not allowed',
    ],
  ])('refuses %j with invalid_redirect_uri', async (body, description) => {
    const response = await register(body);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: 'invalid_redirect_uri', error_description: description });
  });

  const ok = { redirect_uris: ['https://a.example/cb'] };
  it.each([
    [[ok], 'The request body must be a JSON object of client metadata'],
    [
      { ...ok, token_endpoint_auth_method: 'private_key_jwt' },
      'token_endpoint_auth_method must be one of: client_secret_basic, client_secret_post, none',
    ],
    [{ ...ok, client_name: { en: 'x' } }, 'client_name must be a string'],
    [{ ...ok, client_name: 'x'.repeat(257) }, 'client_name must be at most 256 characters'],
    [{ ...ok, client_uri: 'javascript:alert(1)' }, 'client_uri must be an absolute http or https URL'],
    [{ ...ok, logo_uri: 'x'.repeat(1025) }, 'logo_uri must be at most 1024 characters'],
    [{ ...ok, scope: 'openid admin' }, 'scope: unknown scope: admin'],
    [{ ...ok, scope: 42 }, 'scope must be a string'],
    [
      { ...ok, grant_types: ['client_credentials'] },
      'grant_types: "client_credentials" is not supported (supported: authorization_code, refresh_token)',
    ],
    [{ ...ok, grant_types: 'authorization_code' }, 'grant_types must be an array of strings'],
    [{ ...ok, response_types: ['token'] }, 'response_types: "token" is not supported (supported: code)'],
  ])('refuses %j with invalid_client_metadata', async (body, description) => {
    const response = await register(body);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: 'invalid_client_metadata', error_description: description });
  });

  it('refuses a form-encoded request with invalid_request', async () => {
    const response = await register('redirect_uris=https%3A%2F%2Fa.example%2Fcb', 'application/x-www-form-urlencoded');
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: 'invalid_request',
      error_description: 'The registration request must be sent as application/json',
    });
  });

  it('refuses malformed JSON with a JSON 400', async () => {
    const response = await register('{"redirect_uris": [');
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: 'invalid_request',
      error_description: 'The request body is not valid JSON',
    });
  });
});
