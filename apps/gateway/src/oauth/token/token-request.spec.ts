import { InvalidRequestError, UnsupportedGrantTypeError, type ClientView } from '@tessera/contracts';
import { readOAuthParams } from '../../http/oauth-params';
import { exchangeClientOf, toExchangeGrant, tokenParamsSchema } from './token-request';
import { presentTokenResponse } from './token-response';

const grantOf = (form: Record<string, unknown>) => toExchangeGrant(readOAuthParams(form, tokenParamsSchema));

function thrown(work: () => unknown): unknown {
  try {
    work();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

describe('token request parameters', () => {
  it('reads an authorization_code request', () => {
    expect(
      grantOf({
        grant_type: 'authorization_code',
        code: 'c0de',
        redirect_uri: 'https://app/cb',
        code_verifier: 'v'.repeat(43),
        client_id: 'ignored-here',
      }),
    ).toEqual({
      grantType: 'authorization_code',
      code: 'c0de',
      redirectUri: 'https://app/cb',
      codeVerifier: 'v'.repeat(43),
    });
  });

  it('reads a refresh_token request and splits its scope', () => {
    expect(grantOf({ grant_type: 'refresh_token', refresh_token: 'ort_x', scope: 'openid  email' })).toEqual({
      grantType: 'refresh_token',
      refreshToken: 'ort_x',
      scopes: ['openid', 'email'],
    });
    expect(grantOf({ grant_type: 'refresh_token', refresh_token: 'ort_x', scope: '' })).toEqual({
      grantType: 'refresh_token',
      refreshToken: 'ort_x',
    });
  });

  it.each([
    [{ grant_type: 'authorization_code', redirect_uri: 'https://app/cb' }, 'code'],
    [{ grant_type: 'authorization_code', code: 'c' }, 'redirect_uri'],
    [{ grant_type: 'refresh_token' }, 'refresh_token'],
    [{ code: 'c' }, 'grant_type'],
  ])('names the missing parameter of %j', (form, param) => {
    const error = thrown(() => grantOf(form));
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect(error).toMatchObject({ description: `The "${param}" parameter is required`, param });
  });

  it('refuses other grant types with unsupported_grant_type', () => {
    for (const grantType of [
      'password',
      'client_credentials',
      'implicit',
      'urn:ietf:params:oauth:grant-type:device_code',
    ]) {
      const error = thrown(() => grantOf({ grant_type: grantType }));
      expect(error).toBeInstanceOf(UnsupportedGrantTypeError);
      expect(error).toMatchObject({ description: `The grant type "${grantType}" is not supported` });
    }
  });

  it('refuses repeated parameters', () => {
    expect(thrown(() => grantOf({ grant_type: 'refresh_token', refresh_token: ['a', 'b'] }))).toMatchObject({
      code: 'invalid_request',
      description: 'The "refresh_token" parameter must not be repeated',
    });
  });

  it('hands the token service only what it needs of the client', () => {
    const client: ClientView = {
      id: 'oa_1',
      clientId: 'c',
      name: 'App',
      public: false,
      scopes: ['openid'],
      redirectUris: ['https://app/cb'],
      consentScreenEnabled: true,
      pkceRequired: true,
      dynamicallyRegistered: false,
      accessTokenFormat: 'opaque',
      logoUri: null,
      clientUri: null,
    };
    expect(exchangeClientOf(client)).toEqual({
      clientId: 'c',
      public: false,
      pkceRequired: true,
      scopes: ['openid'],
      accessTokenFormat: 'opaque',
    });
  });
});

describe('presentTokenResponse', () => {
  it('renders RFC 6749 §5.1 members in snake_case and omits absent ones', () => {
    expect(presentTokenResponse({ accessToken: 'a', tokenType: 'Bearer', expiresIn: 60, scope: 'openid' })).toEqual({
      access_token: 'a',
      token_type: 'Bearer',
      expires_in: 60,
      scope: 'openid',
    });
    expect(
      presentTokenResponse({
        accessToken: 'a',
        tokenType: 'Bearer',
        expiresIn: 60,
        scope: '',
        refreshToken: 'r',
        idToken: 'i',
      }),
    ).toMatchObject({ refresh_token: 'r', id_token: 'i' });
  });
});
