import {
  InvalidRequestError,
  RequestNotSupportedError,
  RequestUriNotSupportedError,
  UnsupportedResponseTypeError,
} from '@tessera/contracts';
import {
  checkMaxAge,
  checkNonce,
  checkPkce,
  checkPrompt,
  resolveResponseMode,
  validateAuthorizeRequest,
} from './authorize-request.checks';

const challenge = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';
const confidential = { clientId: 'client-1', public: false, pkceRequired: false };

const validate = (params: Record<string, string>, repeated: string[] = [], client = confidential) =>
  validateAuthorizeRequest({
    params,
    repeated,
    client,
    redirectUri: 'https://app.example/cb',
    scopes: ['profile', 'email'],
  });

describe('validateAuthorizeRequest', () => {
  it('assembles the validated request', () => {
    expect(
      validate({
        responseType: 'code',
        state: 'xyz',
        nonce: 'n-1',
        codeChallenge: challenge,
        codeChallengeMethod: 'S256',
        prompt: 'login consent',
        maxAge: '300',
        loginHint: 'ada@example.com',
        responseMode: 'form_post',
      }),
    ).toEqual({
      clientId: 'client-1',
      redirectUri: 'https://app.example/cb',
      responseMode: 'form_post',
      scopes: ['profile', 'email'],
      state: 'xyz',
      nonce: 'n-1',
      codeChallenge: challenge,
      codeChallengeMethod: 'S256',
      prompt: ['login', 'consent'],
      maxAge: 300,
      loginHint: 'ada@example.com',
    });
  });

  it.each([
    [{}, new InvalidRequestError('The "response_type" parameter is required')],
    [{ responseType: 'token' }, new UnsupportedResponseTypeError('The only supported response_type is "code"')],
    [{ responseType: 'code id_token' }, new UnsupportedResponseTypeError('The only supported response_type is "code"')],
    [
      { responseType: 'code', request: 'eyJ' },
      new RequestNotSupportedError('The "request" parameter is not supported'),
    ],
    [
      { responseType: 'code', requestUri: 'urn:x' },
      new RequestUriNotSupportedError('The "request_uri" parameter is not supported'),
    ],
    [
      { responseType: 'code', responseMode: 'fragment' },
      new InvalidRequestError('The "response_mode" parameter must be "query" or "form_post"'),
    ],
  ])('refuses %j', (params, expected) => {
    expect(() => validate(params)).toThrow(expected);
    try {
      validate(params);
    } catch (error) {
      expect(error).toBeInstanceOf(expected.constructor);
    }
  });

  it('refuses a repeated parameter by its wire name', () => {
    expect(() => validate({ responseType: 'code' }, ['scope'])).toThrow(
      new InvalidRequestError('The "scope" parameter must not be repeated'),
    );
  });

  it('drops a login_hint that could not be an identifier', () => {
    expect(validate({ responseType: 'code', loginHint: 'x'.repeat(321) })).not.toHaveProperty('loginHint');
  });
});

describe('checkPkce (RFC 7636, S256 only)', () => {
  it('accepts S256 with a 43-character challenge', () => {
    expect(checkPkce({ codeChallenge: challenge, codeChallengeMethod: 'S256' }, confidential)).toEqual({
      codeChallenge: challenge,
      codeChallengeMethod: 'S256',
    });
  });

  it('lets a confidential client without pkce_required omit PKCE', () => {
    expect(checkPkce({}, confidential)).toEqual({});
  });

  it.each([[{ public: true, pkceRequired: false }], [{ public: false, pkceRequired: true }]])(
    'requires a challenge from %j',
    (client) => {
      expect(() => checkPkce({}, client)).toThrow(
        'This client must use PKCE: the "code_challenge" parameter is required',
      );
    },
  );

  it.each([
    [{ codeChallenge: challenge }, 'must be "S256" ("plain" is not supported)'],
    [{ codeChallenge: challenge, codeChallengeMethod: 'plain' }, 'must be "S256" ("plain" is not supported)'],
    [{ codeChallenge: challenge, codeChallengeMethod: 's256' }, 'must be "S256" ("plain" is not supported)'],
    [{ codeChallengeMethod: 'S256' }, 'The "code_challenge" parameter is required with "code_challenge_method"'],
    [{ codeChallenge: 'short', codeChallengeMethod: 'S256' }, 'must be 43 base64url characters'],
    [{ codeChallenge: `${challenge.slice(0, 42)}=`, codeChallengeMethod: 'S256' }, 'must be 43 base64url characters'],
  ])('refuses %j', (params, message) => {
    expect(() => checkPkce(params, confidential)).toThrow(message);
  });
});

describe('checkPrompt', () => {
  it('reads space-delimited values without duplicates', () => {
    expect(checkPrompt(undefined)).toEqual([]);
    expect(checkPrompt('none')).toEqual(['none']);
    expect(checkPrompt('login  consent login')).toEqual(['login', 'consent']);
  });

  it('refuses unknown values and none combined with others', () => {
    expect(() => checkPrompt('select_account')).toThrow('The prompt value "select_account" is not supported');
    expect(() => checkPrompt('none login')).toThrow('The prompt value "none" must not be combined with other values');
  });
});

describe('checkMaxAge and checkNonce', () => {
  it('reads max_age as non-negative seconds', () => {
    expect(checkMaxAge(undefined)).toBeUndefined();
    expect(checkMaxAge('0')).toBe(0);
    expect(checkMaxAge('3600')).toBe(3600);
    expect(checkMaxAge('999999999999')).toBe(315_360_000);
    for (const bad of ['-1', '1.5', 'abc', '1e3', '']) {
      expect(() => checkMaxAge(bad)).toThrow('The "max_age" parameter must be a non-negative integer');
    }
  });

  it('bounds the nonce by what an ID token carries', () => {
    expect(checkNonce('n'.repeat(512))).toHaveLength(512);
    expect(() => checkNonce('n'.repeat(513))).toThrow('The "nonce" parameter must be at most 512 characters');
  });
});

describe('resolveResponseMode', () => {
  it('defaults to query, and sends an unknown mode’s error by query', () => {
    expect(resolveResponseMode(undefined)).toEqual({ mode: 'query', valid: true });
    expect(resolveResponseMode('form_post')).toEqual({ mode: 'form_post', valid: true });
    expect(resolveResponseMode('fragment')).toEqual({ mode: 'query', valid: false });
  });
});
