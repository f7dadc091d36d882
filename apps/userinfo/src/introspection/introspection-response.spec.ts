import type { ActiveToken } from '@tessera/contracts';
import { introspectionOf } from './introspection-response';

const jwt: ActiveToken = {
  active: true,
  tokenType: 'access_token',
  format: 'jwt',
  grantId: 'grant_1',
  clientId: 'client_1',
  userId: 'user_ada',
  scopes: ['openid', 'email', 'user:org:read'],
  organizationId: 'org_1',
  audience: ['https://id.example.com'],
  issuer: 'https://id.example.com',
  issuedAt: 1_700_000_000,
  expiresAt: 1_700_086_400,
  jti: 'jti_1',
};

describe('the RFC 7662 answer for an active token', () => {
  it('gives Clerk’s members and the ones Clerk leaves out for a JWT access token', () => {
    expect(introspectionOf(jwt)).toEqual({
      active: true,
      client_id: 'client_1',
      scope: 'openid email user:org:read',
      sub: 'user_ada',
      iat: 1_700_000_000,
      exp: 1_700_086_400,
      iss: 'https://id.example.com',
      token_type: 'Bearer',
      aud: 'https://id.example.com',
      jti: 'jti_1',
      org_id: 'org_1',
    });
  });

  it('keeps several audiences as an array and leaves out what an opaque token lacks', () => {
    const opaque: ActiveToken = {
      ...jwt,
      format: 'opaque',
      audience: ['https://api.example.com', 'https://mcp.example.com'],
      organizationId: null,
      jti: undefined,
    };
    const answer = introspectionOf(opaque);
    expect(answer.aud).toEqual(['https://api.example.com', 'https://mcp.example.com']);
    expect(answer).not.toHaveProperty('jti');
    expect(answer).not.toHaveProperty('org_id');
  });

  it('gives a refresh token no token_type and no audience', () => {
    const refresh: ActiveToken = {
      ...jwt,
      tokenType: 'refresh_token',
      format: 'refresh',
      audience: [],
      jti: undefined,
    };
    expect(introspectionOf(refresh)).toEqual({
      active: true,
      client_id: 'client_1',
      scope: 'openid email user:org:read',
      sub: 'user_ada',
      iat: 1_700_000_000,
      exp: 1_700_086_400,
      iss: 'https://id.example.com',
      org_id: 'org_1',
    });
  });
});
