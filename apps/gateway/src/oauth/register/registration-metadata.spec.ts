import { InvalidClientMetadataError, InvalidRedirectUriError } from '@tessera/contracts';
import { buildProviderMetadata } from '../discovery/provider-metadata';
import { readRegistrationMetadata } from './registration-request';
import { presentRegisteredClient } from './registration-response';
import { thrownBy } from '@tessera/testing';

describe('readRegistrationMetadata (RFC 7591 §2, §3.1)', () => {
  it('reads the members Tessera uses and ignores the rest', () => {
    expect(
      readRegistrationMetadata({
        redirect_uris: ['https://a.example/cb'],
        token_endpoint_auth_method: 'none',
        client_name: 'Agent',
        client_uri: 'https://a.example',
        logo_uri: 'https://a.example/logo.png',
        scope: 'openid',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        software_id: 'ignored',
        contacts: ['ops@a.example'],
      }),
    ).toEqual({
      redirectUris: ['https://a.example/cb'],
      tokenEndpointAuthMethod: 'none',
      clientName: 'Agent',
      clientUri: 'https://a.example',
      logoUri: 'https://a.example/logo.png',
      scope: 'openid',
      grantTypes: ['authorization_code', 'refresh_token'],
      responseTypes: ['code'],
    });
  });

  it('treats null members as absent', () => {
    expect(
      readRegistrationMetadata({ redirect_uris: ['https://a.example/cb'], client_name: null, scope: null }),
    ).toEqual({ redirectUris: ['https://a.example/cb'] });
  });

  it.each([
    [{}, 'redirect_uris is required'],
    [{ redirect_uris: 'https://a.example/cb' }, 'redirect_uris must be an array of strings'],
    [{ redirect_uris: [1] }, 'redirect_uris must be an array of strings'],
    [{ redirect_uris: Array(101).fill('https://a.example/cb') }, 'redirect_uris must have at most 100 entries'],
    [
      { redirect_uris: [`https://a.example/${'x'.repeat(2048)}`] },
      'redirect_uris entries must be at most 2048 characters',
    ],
  ])('refuses %j with invalid_redirect_uri', (body, description) => {
    const error = thrownBy(() => readRegistrationMetadata(body));
    expect(error).toBeInstanceOf(InvalidRedirectUriError);
    expect(error).toMatchObject({ description });
  });

  const ok = { redirect_uris: ['https://a.example/cb'] };
  it.each([
    [[], 'The request body must be a JSON object of client metadata'],
    ['text', 'The request body must be a JSON object of client metadata'],
    [
      { ...ok, token_endpoint_auth_method: 'private_key_jwt' },
      'token_endpoint_auth_method must be one of: client_secret_basic, client_secret_post, none',
    ],
    [{ ...ok, token_endpoint_auth_method: 5 }, 'token_endpoint_auth_method must be a string'],
    [{ ...ok, client_name: 7 }, 'client_name must be a string'],
    [{ ...ok, client_name: 'x'.repeat(257) }, 'client_name must be at most 256 characters'],
    [{ ...ok, client_uri: 'x'.repeat(1025) }, 'client_uri must be at most 1024 characters'],
    [{ ...ok, logo_uri: ['https://a.example/logo.png'] }, 'logo_uri must be a string'],
    [{ ...ok, scope: ['openid'] }, 'scope must be a string'],
    [{ ...ok, scope: 'x'.repeat(1025) }, 'scope must be at most 1024 characters'],
    [{ ...ok, grant_types: 'authorization_code' }, 'grant_types must be an array of strings'],
    [{ ...ok, response_types: [1] }, 'response_types must be an array of strings'],
  ])('refuses %j with invalid_client_metadata', (body, description) => {
    const error = thrownBy(() => readRegistrationMetadata(body));
    expect(error).toBeInstanceOf(InvalidClientMetadataError);
    expect(error).toMatchObject({ description });
  });
});

describe('presentRegisteredClient (RFC 7591 §3.2.1)', () => {
  const client = {
    id: 'oa_1',
    clientId: 'cid',
    name: 'Agent',
    public: false,
    scopes: ['openid', 'email'],
    redirectUris: ['https://a.example/cb'],
    consentScreenEnabled: true,
    pkceRequired: false,
    dynamicallyRegistered: true,
    accessTokenFormat: 'jwt' as const,
    logoUri: null,
    clientUri: 'https://a.example',
  };

  it('shows a confidential client with its secret, which never expires', () => {
    expect(
      presentRegisteredClient({
        client,
        clientSecret: 'secret',
        clientIdIssuedAt: 1700000000,
        tokenEndpointAuthMethod: 'client_secret_post',
        grantTypes: ['authorization_code'],
        responseTypes: ['code'],
      }),
    ).toEqual({
      client_id: 'cid',
      client_secret: 'secret',
      client_secret_expires_at: 0,
      client_id_issued_at: 1700000000,
      client_name: 'Agent',
      client_uri: 'https://a.example',
      redirect_uris: ['https://a.example/cb'],
      grant_types: ['authorization_code'],
      response_types: ['code'],
      scope: 'openid email',
      token_endpoint_auth_method: 'client_secret_post',
    });
  });

  it('shows a public client without secret or expiry', () => {
    const shown = presentRegisteredClient({
      client: { ...client, public: true, clientUri: null },
      clientIdIssuedAt: 1,
      tokenEndpointAuthMethod: 'none',
      grantTypes: ['authorization_code'],
      responseTypes: ['code'],
    });
    expect(shown).not.toHaveProperty('client_secret');
    expect(shown).not.toHaveProperty('client_secret_expires_at');
    expect(shown).not.toHaveProperty('client_uri');
    expect(shown.token_endpoint_auth_method).toBe('none');
  });
});

describe('discovery advertises registration only when it is enabled', () => {
  const inputs = { issuer: 'https://id.example.com', signingAlgs: ['RS256'] };

  it('adds registration_endpoint with DYNAMIC_CLIENT_REGISTRATION on', () => {
    expect(buildProviderMetadata({ ...inputs, dynamicClientRegistration: true })).toMatchObject({
      registration_endpoint: 'https://id.example.com/oauth/register',
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
    });
  });

  it('leaves it out otherwise', () => {
    expect(buildProviderMetadata({ ...inputs, dynamicClientRegistration: false })).not.toHaveProperty(
      'registration_endpoint',
    );
  });
});
