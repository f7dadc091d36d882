import { activeTokenFromClaims } from './jwt-access-token.verifier';

const ISSUER = 'https://id.example.com';
const claims = {
  iss: ISSUER,
  sub: 'user_ada',
  aud: ISSUER,
  client_id: 'client_1',
  scope: 'openid email',
  jti: 'jti_1',
  grant_id: 'grant_1',
  iat: 1_700_000_000,
  nbf: 1_700_000_000,
  exp: 1_700_086_400,
};

describe('activeTokenFromClaims (RFC 9068 §2.2 claims)', () => {
  it('reads what a Tessera access token says', () => {
    expect(activeTokenFromClaims({ ...claims, org_id: 'org_1' }, ISSUER)).toEqual({
      active: true,
      tokenType: 'access_token',
      format: 'jwt',
      grantId: 'grant_1',
      clientId: 'client_1',
      userId: 'user_ada',
      scopes: ['openid', 'email'],
      organizationId: 'org_1',
      audience: [ISSUER],
      issuer: ISSUER,
      issuedAt: 1_700_000_000,
      expiresAt: 1_700_086_400,
      jti: 'jti_1',
    });
  });

  it('reads several audiences, no org and an empty scope', () => {
    expect(activeTokenFromClaims({ ...claims, aud: ['a', 'b'], scope: '' }, ISSUER)).toMatchObject({
      audience: ['a', 'b'],
      scopes: [],
      organizationId: null,
    });
  });

  it.each(['sub', 'client_id', 'grant_id', 'jti', 'iat', 'exp'])(
    'refuses a token whose %s is missing or mistyped',
    (name) => {
      expect(activeTokenFromClaims({ ...claims, [name]: undefined }, ISSUER)).toBeUndefined();
      expect(activeTokenFromClaims({ ...claims, [name]: { not: 'a string or number' } }, ISSUER)).toBeUndefined();
    },
  );
});
