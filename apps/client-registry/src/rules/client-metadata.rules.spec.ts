import { grantAndResponseTypesRule, webUrlRule } from './client-metadata.rules';

describe('webUrlRule', () => {
  it.each(['https://app.example.com', 'https://app.example.com/logo.png?v=2', 'http://localhost:3000/'])(
    'accepts %s',
    (value) => {
      expect(webUrlRule('client_uri', value)).toEqual({ value });
    },
  );

  it.each([
    ['javascript:alert(1)', 'logo_uri must be an absolute http or https URL'],
    ['data:image/png;base64,AAAA', 'logo_uri must be an absolute http or https URL'],
    ['//cdn.example.com/logo.png', 'logo_uri must be an absolute http or https URL'],
    ['not a url', 'logo_uri must be an absolute http or https URL'],
    ['https:logo.png', 'logo_uri must be an absolute http or https URL'],
    ['https://user:pw@cdn.example.com/logo.png', 'logo_uri must not contain user credentials'],
  ])('refuses %j', (value, problem) => {
    expect(webUrlRule('logo_uri', value)).toEqual({ problem });
  });
});

describe('grantAndResponseTypesRule (RFC 7591 §2 and §2.1)', () => {
  it('defaults to authorization_code and code', () => {
    expect(grantAndResponseTypesRule(undefined, undefined)).toEqual({
      value: { grantTypes: ['authorization_code'], responseTypes: ['code'] },
    });
  });

  it('accepts refresh_token beside authorization_code and drops repeats', () => {
    expect(
      grantAndResponseTypesRule(['authorization_code', 'refresh_token', 'refresh_token'], ['code', 'code']),
    ).toEqual({ value: { grantTypes: ['authorization_code', 'refresh_token'], responseTypes: ['code'] } });
  });

  it.each([
    [
      ['client_credentials'],
      undefined,
      'grant_types: "client_credentials" is not supported (supported: authorization_code, refresh_token)',
    ],
    [
      ['authorization_code', 'implicit'],
      undefined,
      'grant_types: "implicit" is not supported (supported: authorization_code, refresh_token)',
    ],
    [undefined, ['token'], 'response_types: "token" is not supported (supported: code)'],
    [['refresh_token'], undefined, 'grant_types must include authorization_code, the only grant that starts a session'],
    [[], undefined, 'grant_types must include authorization_code, the only grant that starts a session'],
    [undefined, [], 'response_types must include code when grant_types includes authorization_code'],
  ])('refuses grant_types %j with response_types %j', (grants, responses, problem) => {
    expect(grantAndResponseTypesRule(grants, responses)).toEqual({ problem });
  });
});
