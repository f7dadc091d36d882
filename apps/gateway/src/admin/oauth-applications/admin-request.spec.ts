import { instanceIdFor } from '@tessera/contracts';
import { readAdminBody } from './admin-body';
import { readListQuery } from './list-query';
import { oauthApplicationFields } from './oauth-application.fields';
import { presentApplication, presentApplicationWithSecret } from './oauth-application.presenter';
import { thrownBy } from '@tessera/testing';

describe('readAdminBody with the OAuth application fields', () => {
  const read = (body: unknown) => readAdminBody(body, oauthApplicationFields, ['name']);

  it('returns the fields given, treating null as absent', () => {
    expect(
      read({
        name: 'App',
        redirect_uris: ['https://a.example/cb'],
        public: true,
        scopes: null,
        access_token_format: 'opaque',
      }),
    ).toEqual({ name: 'App', redirect_uris: ['https://a.example/cb'], public: true, access_token_format: 'opaque' });
  });

  it.each([
    [{}, 'form_param_missing', 'name', 'name must be included'],
    [{ name: null }, 'form_param_missing', 'name', 'name must be included'],
    [{ name: 5 }, 'form_param_format_invalid', 'name', 'name must be a string'],
    [{ name: '' }, 'form_param_value_invalid', 'name', 'name must not be blank'],
    [{ name: ' ' }, 'form_param_value_invalid', 'name', 'name must not be blank'],
    [{ name: 'x'.repeat(257) }, 'form_param_value_invalid', 'name', 'name must be at most 256 characters'],
    [{ name: 'a', public: 'true' }, 'form_param_format_invalid', 'public', 'public must be a boolean'],
    [{ name: 'a', pkce_required: 1 }, 'form_param_format_invalid', 'pkce_required', 'pkce_required must be a boolean'],
    [
      { name: 'a', consent_screen_enabled: 'no' },
      'form_param_format_invalid',
      'consent_screen_enabled',
      'consent_screen_enabled must be a boolean',
    ],
    [{ name: 'a', scopes: ['openid'] }, 'form_param_format_invalid', 'scopes', 'scopes must be a string'],
    [
      { name: 'a', scopes: 'x'.repeat(1025) },
      'form_param_value_invalid',
      'scopes',
      'scopes must be at most 1024 characters',
    ],
    [
      { name: 'a', redirect_uris: 'https://a.example/cb' },
      'form_param_format_invalid',
      'redirect_uris',
      'redirect_uris must be an array of strings',
    ],
    [
      { name: 'a', redirect_uris: [null] },
      'form_param_format_invalid',
      'redirect_uris',
      'redirect_uris must be an array of strings',
    ],
    [
      { name: 'a', redirect_uris: Array(101).fill('https://a.example/cb') },
      'form_param_value_invalid',
      'redirect_uris',
      'redirect_uris must have at most 100 entries',
    ],
    [
      { name: 'a', redirect_uris: [`https://a.example/${'x'.repeat(2048)}`] },
      'form_param_value_invalid',
      'redirect_uris',
      'redirect_uris entries must be at most 2048 characters',
    ],
    [
      { name: 'a', access_token_format: 'paseto' },
      'form_param_value_invalid',
      'access_token_format',
      'access_token_format must be one of: jwt, opaque',
    ],
    [
      { name: 'a', callback_url: 'https://a.example/cb' },
      'form_param_unknown',
      'callback_url',
      'callback_url is not a valid parameter for this request',
    ],
  ])('refuses %j with %s', (body, code, param, description) => {
    expect(thrownBy(() => read(body))).toMatchObject({ code, param, description, status: 422 });
  });

  it.each([[[]], ['name'], [3]])('refuses the non-object body %j with request_body_invalid', (body) => {
    expect(thrownBy(() => read(body))).toMatchObject({ code: 'request_body_invalid', status: 400 });
  });

  it('reads an absent body as empty (PATCH with nothing to change)', () => {
    expect(readAdminBody(undefined, oauthApplicationFields)).toEqual({});
  });
});

describe('readListQuery', () => {
  it('reads the parameters and ignores others', () => {
    expect(readListQuery({ limit: '20', offset: '40', order_by: '-name', name_query: 'app', other: 'x' })).toEqual({
      limit: 20,
      offset: 40,
      orderBy: '-name',
      nameQuery: 'app',
    });
    expect(readListQuery({})).toEqual({});
  });

  it('reads a + that arrived decoded as a space', () => {
    expect(readListQuery({ order_by: ' created_at' })).toEqual({ orderBy: '+created_at' });
  });

  it.each([
    [{ limit: '0' }, 'form_param_value_invalid', 'limit', 'limit must be between 1 and 500'],
    [{ limit: '501' }, 'form_param_value_invalid', 'limit', 'limit must be between 1 and 500'],
    [{ limit: 'ten' }, 'form_param_format_invalid', 'limit', 'limit must be an integer'],
    [{ limit: '1.5' }, 'form_param_format_invalid', 'limit', 'limit must be an integer'],
    [{ offset: '-1' }, 'form_param_value_invalid', 'offset', 'offset must be at least 0'],
    [{ limit: ['1', '2'] }, 'form_param_format_invalid', 'limit', 'limit must be given once'],
    [
      { order_by: 'updated_at' },
      'form_param_value_invalid',
      'order_by',
      'order_by must be one of: created_at, -created_at, name, -name',
    ],
    [
      { name_query: 'x'.repeat(257) },
      'form_param_value_invalid',
      'name_query',
      'name_query must be at most 256 characters',
    ],
  ])('refuses %j', (query, code, param, description) => {
    expect(thrownBy(() => readListQuery(query))).toMatchObject({ code, param, description });
  });
});

describe('presentApplication', () => {
  const application = {
    id: 'oa_0123456789abcdef0123456789abcdef',
    clientId: 'client-id',
    name: 'App',
    public: false,
    scopes: ['openid', 'email'],
    redirectUris: ['https://a.example/cb'],
    consentScreenEnabled: true,
    pkceRequired: false,
    dynamicallyRegistered: false,
    accessTokenFormat: 'jwt' as const,
    logoUri: null,
    clientUri: null,
    createdAt: 1700000000123,
    updatedAt: 1700000000456,
  };

  it('builds Clerk’s object with this issuer’s URLs', () => {
    expect(presentApplication(application, 'https://id.example.com')).toEqual({
      object: 'oauth_application',
      id: 'oa_0123456789abcdef0123456789abcdef',
      instance_id: instanceIdFor('https://id.example.com'),
      name: 'App',
      client_id: 'client-id',
      client_uri: null,
      client_image_url: null,
      public: false,
      scopes: 'openid email',
      redirect_uris: ['https://a.example/cb'],
      consent_screen_enabled: true,
      pkce_required: false,
      dynamically_registered: false,
      access_token_format: 'jwt',
      authorize_url: 'https://id.example.com/oauth/authorize',
      token_fetch_url: 'https://id.example.com/oauth/token',
      user_info_url: 'https://id.example.com/oauth/userinfo',
      discovery_url: 'https://id.example.com/.well-known/openid-configuration',
      token_introspection_url: 'https://id.example.com/oauth/token_info',
      created_at: 1700000000123,
      updated_at: 1700000000456,
    });
  });

  it('adds client_secret only when there is one', () => {
    expect(presentApplicationWithSecret({ application, clientSecret: 's' }, 'https://x')).toMatchObject({
      client_secret: 's',
    });
    expect(presentApplicationWithSecret({ application }, 'https://x')).not.toHaveProperty('client_secret');
  });
});
