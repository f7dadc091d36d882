import { readAuthorizeParams } from './authorize-params';

describe('readAuthorizeParams', () => {
  it('camelCases the known parameters and ignores the rest', () => {
    expect(
      readAuthorizeParams({
        response_type: 'code',
        client_id: 'app',
        redirect_uri: 'https://app/cb',
        code_challenge_method: 'S256',
        max_age: '0',
        resource: 'https://api',
        ui_locales: 'en',
      }),
    ).toEqual({
      params: {
        responseType: 'code',
        clientId: 'app',
        redirectUri: 'https://app/cb',
        codeChallengeMethod: 'S256',
        maxAge: '0',
      },
      repeated: [],
    });
  });

  it('treats empty values as omitted and names repeated parameters', () => {
    expect(readAuthorizeParams({ state: '', scope: ['a', 'b'], client_id: ['x', 'y'], nonce: 'n' })).toEqual({
      params: { nonce: 'n' },
      repeated: ['client_id', 'scope'],
    });
  });

  it('reads a missing body as no parameters', () => {
    expect(readAuthorizeParams(undefined)).toEqual({ params: {}, repeated: [] });
  });
});
