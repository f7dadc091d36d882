import { instanceIdFor, REGISTRY_APPLICATION_ROTATE_SECRET, REGISTRY_CLIENT_AUTHENTICATE } from '@tessera/contracts';
import { connectTestRpc, eventually } from '@tessera/testing';
import { admin, e2e } from '../support/e2e-env';

type Json = Record<string, unknown>;

/** The Clerk error envelope with one error. */
const clerkError = (code: string, message: string, longMessage: string, paramName?: string) => ({
  errors: [{ code, message, long_message: longMessage, meta: paramName ? { param_name: paramName } : {} }],
});

async function createApp(body: Json = {}): Promise<Json> {
  const response = await admin('/v1/oauth_applications', {
    method: 'POST',
    body: JSON.stringify({ name: 'E2E app', redirect_uris: ['https://app.example.com/callback'], ...body }),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as Json;
}

/** The object every endpoint answers for an application, with this stack's URLs. */
function applicationObject(fields: Json): Json {
  return {
    object: 'oauth_application',
    id: expect.stringMatching(/^oa_[0-9a-f]{32}$/),
    instance_id: instanceIdFor(e2e.issuer),
    name: 'E2E app',
    client_id: expect.stringMatching(/^[A-Za-z0-9_-]{32}$/),
    client_uri: null,
    client_image_url: null,
    public: false,
    scopes: 'profile email',
    redirect_uris: ['https://app.example.com/callback'],
    consent_screen_enabled: true,
    pkce_required: false,
    dynamically_registered: false,
    access_token_format: 'jwt',
    authorize_url: `${e2e.issuer}/oauth/authorize`,
    token_fetch_url: `${e2e.issuer}/oauth/token`,
    user_info_url: `${e2e.issuer}/oauth/userinfo`,
    discovery_url: `${e2e.issuer}/.well-known/openid-configuration`,
    token_introspection_url: `${e2e.issuer}/oauth/token_info`,
    created_at: expect.any(Number),
    updated_at: expect.any(Number),
    ...fields,
  };
}

describe('/v1/oauth_applications', () => {
  describe('admin authentication', () => {
    const unauthorized = clerkError(
      'authentication_invalid',
      'Unauthorized request',
      'The admin API key in the Authorization header is missing or invalid',
    );

    it.each([
      ['no key', {}],
      ['a wrong key', { authorization: 'Bearer wrong-key-wrong-key-wrong-key-wrong' }],
      ['another scheme', { authorization: `Basic ${Buffer.from(`x:${'k'.repeat(32)}`).toString('base64')}` }],
    ])('answers 401 and nothing else with %s', async (_case, headers) => {
      const json = JSON.stringify({ name: 'x' });
      const unknownId = '/v1/oauth_applications/oa_00000000000000000000000000000000';
      for (const [method, path, body] of [
        ['GET', '/v1/oauth_applications', undefined],
        ['POST', '/v1/oauth_applications', json],
        ['GET', unknownId, undefined],
        ['PATCH', unknownId, json],
        ['DELETE', unknownId, undefined],
        ['POST', `${unknownId}/rotate_secret`, undefined],
      ] as const) {
        const response = await fetch(`${e2e.issuer}${path}`, {
          method,
          headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
          body,
        });
        expect({ method, path, status: response.status }).toEqual({ method, path, status: 401 });
        expect(await response.json()).toEqual(unauthorized);
      }
    });
  });

  describe('POST /v1/oauth_applications', () => {
    it('creates a confidential application with Clerk’s defaults and shows its secret once', async () => {
      const response = await admin('/v1/oauth_applications', {
        method: 'POST',
        body: JSON.stringify({ name: 'E2E app', redirect_uris: ['https://app.example.com/callback'] }),
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-store');
      const created = (await response.json()) as Json;
      expect(created).toEqual({
        ...applicationObject({}),
        client_secret: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      });
      expect(created.updated_at).toBe(created.created_at);

      const read = await admin(`/v1/oauth_applications/${created.id as string}`);
      expect(read.status).toBe(200);
      const { client_secret: _secret, ...withoutSecret } = created;
      expect(await read.json()).toEqual(withoutSecret);
    });

    it('creates a public application without a secret; it must use PKCE', async () => {
      const created = await createApp({ public: true, redirect_uris: ['http://127.0.0.1/cb', 'com.example.app:/cb'] });
      expect(created).toEqual(
        applicationObject({
          public: true,
          pkce_required: true,
          redirect_uris: ['http://127.0.0.1/cb', 'com.example.app:/cb'],
        }),
      );
    });

    it('keeps every option it is given', async () => {
      const created = await createApp({
        scopes: 'openid profile email public_metadata private_metadata offline_access user:org:read',
        consent_screen_enabled: false,
        pkce_required: true,
        access_token_format: 'opaque',
        redirect_uris: [],
      });
      expect(created).toMatchObject({
        scopes: 'openid profile email public_metadata private_metadata offline_access user:org:read',
        consent_screen_enabled: false,
        pkce_required: true,
        access_token_format: 'opaque',
        redirect_uris: [],
      });
    });

    it.each([
      [{}, 'form_param_missing', 'missing required parameter', 'name must be included', 'name'],
      [{ name: null }, 'form_param_missing', 'missing required parameter', 'name must be included', 'name'],
      [{ name: 42 }, 'form_param_format_invalid', 'is invalid', 'name must be a string', 'name'],
      [{ name: '' }, 'form_param_value_invalid', 'is invalid', 'name must not be blank', 'name'],
      [
        { name: 'x'.repeat(257) },
        'form_param_value_invalid',
        'is invalid',
        'name must be at most 256 characters',
        'name',
      ],
      [{ name: 'a', public: 'yes' }, 'form_param_format_invalid', 'is invalid', 'public must be a boolean', 'public'],
      [
        { name: 'a', consent_screen_enabled: 0 },
        'form_param_format_invalid',
        'is invalid',
        'consent_screen_enabled must be a boolean',
        'consent_screen_enabled',
      ],
      [
        { name: 'a', pkce_required: 'false' },
        'form_param_format_invalid',
        'is invalid',
        'pkce_required must be a boolean',
        'pkce_required',
      ],
      [
        { name: 'a', scopes: ['openid'] },
        'form_param_format_invalid',
        'is invalid',
        'scopes must be a string',
        'scopes',
      ],
      [
        { name: 'a', scopes: 'openid admin' },
        'form_param_value_invalid',
        'is invalid',
        'scopes: unknown scope: admin',
        'scopes',
      ],
      [
        { name: 'a', scopes: 'read write' },
        'form_param_value_invalid',
        'is invalid',
        'scopes: unknown scopes: read, write',
        'scopes',
      ],
      [
        { name: 'a', scopes: `openid ${'x'.repeat(1020)}` },
        'form_param_value_invalid',
        'is invalid',
        'scopes must be at most 1024 characters',
        'scopes',
      ],
      [
        { name: 'a', access_token_format: 'paseto' },
        'form_param_value_invalid',
        'is invalid',
        'access_token_format must be one of: jwt, opaque',
        'access_token_format',
      ],
      [
        { name: 'a', redirect_uris: 'https://app.example.com/cb' },
        'form_param_format_invalid',
        'is invalid',
        'redirect_uris must be an array of strings',
        'redirect_uris',
      ],
      [
        { name: 'a', redirect_uris: [42] },
        'form_param_format_invalid',
        'is invalid',
        'redirect_uris must be an array of strings',
        'redirect_uris',
      ],
      [
        { name: 'a', redirect_uris: [`https://app.example.com/${'x'.repeat(2048)}`] },
        'form_param_value_invalid',
        'is invalid',
        'redirect_uris entries must be at most 2048 characters',
        'redirect_uris',
      ],
      [
        { name: 'a', redirect_uris: ['http://app.example.com/cb'] },
        'form_param_value_invalid',
        'is invalid',
        '"http://app.example.com/cb" is not a valid redirect URI: http is only allowed for loopback hosts (127.0.0.1, [::1], localhost); use https',
        'redirect_uris',
      ],
      [
        { name: 'a', redirect_uris: ['https://app.example.com/cb#frag'] },
        'form_param_value_invalid',
        'is invalid',
        '"https://app.example.com/cb#frag" is not a valid redirect URI: it must not contain a fragment',
        'redirect_uris',
      ],
      [
        { name: 'a', redirect_uris: ['/callback'] },
        'form_param_value_invalid',
        'is invalid',
        '"/callback" is not a valid redirect URI: it is not an absolute URI',
        'redirect_uris',
      ],
      [
        { name: 'a', redirect_uris: ['javascript:alert(1)'] },
        'form_param_value_invalid',
        'is invalid',
        '"javascript:alert(1)" is not a valid redirect URI: the "javascript" scheme is not allowed',
        'redirect_uris',
      ],
      [
        { name: 'a', color: 'blue' },
        'form_param_unknown',
        'is unknown',
        'color is not a valid parameter for this request',
        'color',
      ],
    ])('refuses %j with 422', async (body, code, message, longMessage, param) => {
      const response = await admin('/v1/oauth_applications', { method: 'POST', body: JSON.stringify(body) });
      expect(response.status).toBe(422);
      expect(await response.json()).toEqual(clerkError(code, message, longMessage, param));
    });

    it.each([['[]'], ['"a string"'], ['42']])('refuses the non-object body %s with 400', async (body) => {
      const response = await admin('/v1/oauth_applications', { method: 'POST', body });
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual(
        clerkError('request_body_invalid', 'Request body invalid', 'The request body must be a JSON object'),
      );
    });

    it('refuses malformed JSON with 400', async () => {
      const response = await admin('/v1/oauth_applications', { method: 'POST', body: '{"name": "unterminated' });
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual(
        clerkError('request_body_invalid', 'Request body invalid', 'The request body is not valid JSON'),
      );
    });
  });

  describe('GET /v1/oauth_applications', () => {
    const tag = `List ${Date.now()}`;
    const created: Json[] = [];

    beforeAll(async () => {
      for (const suffix of ['charlie', 'Alpha', 'bravo']) created.push(await createApp({ name: `${tag} ${suffix}` }));
    });

    const list = async (query: string) => {
      const response = await admin(`/v1/oauth_applications?${query}`);
      expect(response.status).toBe(200);
      return (await response.json()) as { data: Json[]; total_count: number };
    };

    it('searches by partial name, newest first by default', async () => {
      const page = await list(`name_query=${encodeURIComponent(tag.toLowerCase())}`);
      expect(page.total_count).toBe(3);
      expect(page.data.map((app) => app.id)).toEqual([created[2].id, created[1].id, created[0].id]);
      const { client_secret: _s, ...first } = created[2];
      expect(page.data[0]).toEqual(first);
    });

    it('orders by name either way and by creation time', async () => {
      const query = `name_query=${encodeURIComponent(tag)}`;
      expect((await list(`${query}&order_by=name`)).data.map((app) => app.name)).toEqual([
        `${tag} Alpha`,
        `${tag} bravo`,
        `${tag} charlie`,
      ]);
      expect((await list(`${query}&order_by=-name`)).data.map((app) => app.name)).toEqual([
        `${tag} charlie`,
        `${tag} bravo`,
        `${tag} Alpha`,
      ]);
      expect((await list(`${query}&order_by=%2Bcreated_at`)).data.map((app) => app.id)).toEqual(
        created.map((app) => app.id),
      );
    });

    it('pages with limit and offset, counting every match', async () => {
      const query = `name_query=${encodeURIComponent(tag)}&order_by=created_at`;
      const first = await list(`${query}&limit=2`);
      expect(first.total_count).toBe(3);
      expect(first.data.map((app) => app.id)).toEqual([created[0].id, created[1].id]);
      const second = await list(`${query}&limit=2&offset=2`);
      expect(second).toEqual({ data: [expect.objectContaining({ id: created[2].id })], total_count: 3 });
      expect(await list(`${query}&offset=10`)).toEqual({ data: [], total_count: 3 });
    });

    it('finds an application by its exact client_id', async () => {
      const page = await list(`name_query=${created[1].client_id as string}`);
      expect(page.data.map((app) => app.id)).toEqual([created[1].id]);
    });

    it('lists ten by default', async () => {
      for (let index = 0; index < 11; index += 1) await createApp();
      const page = await list('');
      expect(page.data).toHaveLength(10);
      expect(page.total_count).toBeGreaterThanOrEqual(11);
    });

    it.each([
      ['limit=0', 'form_param_value_invalid', 'limit must be between 1 and 500', 'limit'],
      ['limit=501', 'form_param_value_invalid', 'limit must be between 1 and 500', 'limit'],
      ['limit=many', 'form_param_format_invalid', 'limit must be an integer', 'limit'],
      ['offset=-1', 'form_param_value_invalid', 'offset must be at least 0', 'offset'],
      [
        'order_by=updated_at',
        'form_param_value_invalid',
        'order_by must be one of: created_at, -created_at, name, -name',
        'order_by',
      ],
    ])('refuses ?%s with 422', async (query, code, longMessage, param) => {
      const response = await admin(`/v1/oauth_applications?${query}`);
      expect(response.status).toBe(422);
      const message = code === 'form_param_format_invalid' || code === 'form_param_value_invalid' ? 'is invalid' : code;
      expect(await response.json()).toEqual(clerkError(code, message, longMessage, param));
    });
  });

  describe('GET, PATCH, DELETE /v1/oauth_applications/{id}', () => {
    const notFound = clerkError('resource_not_found', 'not found', 'Resource not found');

    it.each([
      ['GET', undefined],
      ['PATCH', JSON.stringify({ name: 'x' })],
      ['DELETE', undefined],
      ['POST', undefined, '/rotate_secret'],
    ])('%s of an unknown id is 404', async (method, body, suffix = '') => {
      for (const id of ['oa_00000000000000000000000000000000', 'not-an-id', 'x'.repeat(200)]) {
        const path = `/v1/oauth_applications/${id}${suffix}`;
        const response = await admin(path, { method, body });
        expect({ id, status: response.status }).toEqual({ id, status: 404 });
        expect(await response.json()).toEqual(notFound);
      }
    });

    it('PATCH changes only the fields it is given', async () => {
      const created = await createApp();
      const response = await admin(`/v1/oauth_applications/${created.id as string}`, {
        method: 'PATCH',
        body: JSON.stringify({
          name: 'Renamed',
          scopes: 'openid email',
          redirect_uris: ['https://new.example.com/cb'],
          pkce_required: true,
          access_token_format: 'opaque',
        }),
      });
      expect(response.status).toBe(200);
      const { client_secret: _s, ...before } = created;
      const updated = (await response.json()) as Json;
      expect(updated).toEqual({
        ...before,
        name: 'Renamed',
        scopes: 'openid email',
        redirect_uris: ['https://new.example.com/cb'],
        pkce_required: true,
        access_token_format: 'opaque',
        updated_at: expect.any(Number),
      });
      expect(updated.updated_at as number).toBeGreaterThanOrEqual(created.updated_at as number);
      expect(await (await admin(`/v1/oauth_applications/${created.id as string}`)).json()).toEqual(updated);
    });

    it.each([
      [{ name: '' }, 'form_param_value_invalid', 'is invalid', 'name must not be blank', 'name'],
      [{ scopes: 'superuser' }, 'form_param_value_invalid', 'is invalid', 'scopes: unknown scope: superuser', 'scopes'],
      [{ public: 'no' }, 'form_param_format_invalid', 'is invalid', 'public must be a boolean', 'public'],
      [
        { redirect_uris: ['https://exa mple.com/cb'] },
        'form_param_value_invalid',
        'is invalid',
        '"https://exa mple.com/cb" is not a valid redirect URI: it contains whitespace or control characters',
        'redirect_uris',
      ],
      [
        { client_secret: 'mine' },
        'form_param_unknown',
        'is unknown',
        'client_secret is not a valid parameter for this request',
        'client_secret',
      ],
    ])('PATCH refuses %j with 422', async (body, code, message, longMessage, param) => {
      const created = await createApp();
      const response = await admin(`/v1/oauth_applications/${created.id as string}`, {
        method: 'PATCH',
        body: JSON.stringify(body),
      });
      expect(response.status).toBe(422);
      expect(await response.json()).toEqual(clerkError(code, message, longMessage, param));
    });

    it('DELETE removes the application', async () => {
      const created = await createApp();
      const path = `/v1/oauth_applications/${created.id as string}`;
      const response = await admin(path, { method: 'DELETE' });
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ object: 'oauth_application', id: created.id, deleted: true });
      expect((await admin(path)).status).toBe(404);
      expect((await admin(path, { method: 'DELETE' })).status).toBe(404);
    });
  });

  describe('POST /v1/oauth_applications/{id}/rotate_secret', () => {
    let rpc: Awaited<ReturnType<typeof connectTestRpc>>;
    beforeAll(async () => {
      rpc = await connectTestRpc(e2e.natsUrl);
    });
    afterAll(async () => {
      await rpc.close();
    });

    const authenticate = (clientId: string, clientSecret: string) =>
      rpc.rpc.send(REGISTRY_CLIENT_AUTHENTICATE, { method: 'client_secret_basic', clientId, clientSecret }).then(
        () => 'ok',
        (error: { code: string }) => error.code,
      );

    it('answers a new secret, and the old one stops working at once', async () => {
      const created = await createApp();
      const clientId = created.client_id as string;
      expect(await authenticate(clientId, created.client_secret as string)).toBe('ok');

      const response = await admin(`/v1/oauth_applications/${created.id as string}/rotate_secret`, { method: 'POST' });
      expect(response.status).toBe(200);
      const rotated = (await response.json()) as Json;
      const { client_secret: oldSecret, updated_at: _u, ...rest } = created;
      expect(rotated).toEqual({
        ...rest,
        updated_at: expect.any(Number),
        client_secret: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      });
      expect(rotated.client_secret).not.toBe(oldSecret);
      expect(await authenticate(clientId, oldSecret as string)).toBe('invalid_client');
      expect(await authenticate(clientId, rotated.client_secret as string)).toBe('ok');
    });

    /** The status of a token_info request authenticated with these credentials (200 once authenticated). */
    const introspectAs = async (clientId: string, clientSecret: string) => {
      const response = await fetch(`${e2e.issuer}/oauth/token_info`, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: 'token=not-a-token',
      });
      await response.arrayBuffer();
      return response.status;
    };

    it('asks the registry once for a client that authenticates again with the same credentials', async () => {
      const created = await createApp();
      const clientId = created.client_id as string;
      // A plain subscriber sees every authentication request (the registry's queue group still answers them). A
      // callback counts each message as it is parsed, so once a flush returns every earlier message is counted; the
      // first flush makes sure the server knows the subscription before the gateway asks anything.
      let asked = 0;
      const seen = rpc.connection.subscribe(REGISTRY_CLIENT_AUTHENTICATE, {
        callback: (_error, message) => {
          if (new TextDecoder().decode(message.data).includes(clientId)) asked += 1;
        },
      });
      await rpc.connection.flush();
      try {
        expect(await introspectAs(clientId, created.client_secret as string)).toBe(200);
        expect(await introspectAs(clientId, created.client_secret as string)).toBe(200);
        expect(await introspectAs(clientId, 'a-wrong-secret')).toBe(401);
        await rpc.connection.flush();
        expect(asked).toBe(2);
      } finally {
        seen.unsubscribe();
      }
    });

    it('stops the old secret at the gateway at once, though the gateway remembers recent authentications', async () => {
      const created = await createApp();
      const clientId = created.client_id as string;
      const oldSecret = created.client_secret as string;
      expect(await introspectAs(clientId, oldSecret)).toBe(200);
      expect(await introspectAs(clientId, oldSecret)).toBe(200);

      const response = await admin(`/v1/oauth_applications/${created.id as string}/rotate_secret`, { method: 'POST' });
      const rotated = (await response.json()) as Json;

      expect(await introspectAs(clientId, oldSecret)).toBe(401);
      expect(await introspectAs(clientId, rotated.client_secret as string)).toBe(200);
    });

    it('stops the old secret at the gateway once a rotation made elsewhere is announced', async () => {
      const created = await createApp();
      const clientId = created.client_id as string;
      const oldSecret = created.client_secret as string;
      expect(await introspectAs(clientId, oldSecret)).toBe(200);

      // Straight to the registry, as another gateway replica would: this gateway learns of it from the event.
      const rotated = await rpc.rpc.send(REGISTRY_APPLICATION_ROTATE_SECRET, { id: created.id as string });

      await eventually(async () => expect(await introspectAs(clientId, oldSecret)).toBe(401), 5_000);
      expect(await introspectAs(clientId, rotated.clientSecret)).toBe(200);
    });

    it('refuses a public application with 422', async () => {
      const created = await createApp({ public: true });
      const response = await admin(`/v1/oauth_applications/${created.id as string}/rotate_secret`, { method: 'POST' });
      expect(response.status).toBe(422);
      expect(await response.json()).toEqual(
        clerkError(
          'form_param_value_invalid',
          'is invalid',
          'Public OAuth applications have no client secret',
          'public',
        ),
      );
    });
  });
});
