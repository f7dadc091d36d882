import { readOAuthParams } from '../../http/oauth-params';
import { tokenInfoParamsSchema, toIntrospectionRequest } from './token-info-params';

const requestOf = (form: Record<string, unknown>) =>
  toIntrospectionRequest(readOAuthParams(form, tokenInfoParamsSchema), 'client-1');

describe('token_info parameters (RFC 7662 §2.1)', () => {
  it('reads the token, the hint and the scopes to check, for the authenticated client', () => {
    expect(
      requestOf({ token: 'oat_x', token_type_hint: 'access_token', scope: 'openid  email', client_id: 'ignored' }),
    ).toEqual({
      token: 'oat_x',
      callerClientId: 'client-1',
      tokenTypeHint: 'access_token',
      scopes: ['openid', 'email'],
    });
  });

  it('leaves out what was not sent (an empty value counts as not sent)', () => {
    expect(requestOf({ token: 'ort_x', scope: '', token_type_hint: '' })).toEqual({
      token: 'ort_x',
      callerClientId: 'client-1',
    });
  });

  it('requires the token, once', () => {
    expect(() => requestOf({})).toThrow('The "token" parameter is required');
    expect(() => requestOf({ token: ['a', 'b'] })).toThrow('The "token" parameter must not be repeated');
  });
});
