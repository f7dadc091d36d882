import type { UserProfile } from '@tessera/contracts';
import type { Grant } from '../grants/grant';
import {
  accessTokenAudience,
  accessTokenClaims,
  accessTokenHash,
  boundOrganization,
  idTokenClaims,
} from './token-claims';

const grant: Grant = {
  id: 'grant_1',
  clientId: 'client_1',
  userId: 'user_1',
  scopes: ['openid', 'profile', 'user:org:read'],
  organizationId: 'org_1',
  resources: [],
  consentId: null,
  authTime: 1_700_000_000,
};

const profile: UserProfile = {
  id: 'user_1',
  username: 'ada',
  firstName: 'Ada',
  lastName: null,
  imageUrl: null,
  primaryEmail: 'ada@example.com',
  emailVerified: true,
  publicMetadata: {},
  privateMetadata: {},
  unsafeMetadata: {},
  updatedAt: 1,
  organization: { id: 'org_1', name: 'A', slug: 'a', role: 'org:member' },
};

describe('accessTokenHash (OIDC Core §3.1.3.6)', () => {
  it('matches the OIDC Core example for RS256', () => {
    // OpenID Connect Core 1.0, Appendix A.3: access token "jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y" →
    // at_hash "77QmUPtjPfzWtF2AnpK9RQ".
    expect(accessTokenHash('jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y', 'RS256')).toBe('77QmUPtjPfzWtF2AnpK9RQ');
  });

  it('uses the left half of SHA-512 for EdDSA', () => {
    expect(accessTokenHash('abc', 'EdDSA')).toHaveLength(43);
    expect(accessTokenHash('abc', 'ES256')).toBe(accessTokenHash('abc', 'RS256'));
  });
});

describe('boundOrganization', () => {
  it('is the profile organization only with user:org:read', () => {
    expect(boundOrganization(['user:org:read'], profile)).toBe('org_1');
    expect(boundOrganization(['profile'], profile)).toBeNull();
    expect(boundOrganization(['user:org:read'], { ...profile, organization: null })).toBeNull();
    expect(boundOrganization(['user:org:read'], null)).toBeNull();
  });
});

describe('accessTokenClaims (RFC 9068 §2.2)', () => {
  it('carries sub, client_id, scope, jti, grant_id, org_id and a single audience as a string', () => {
    expect(
      accessTokenClaims({
        grant,
        scopes: ['openid', 'profile'],
        audience: ['https://op'],
        organizationId: 'org_1',
        jti: 'oat_x',
      }),
    ).toEqual({
      sub: 'user_1',
      aud: 'https://op',
      client_id: 'client_1',
      scope: 'openid profile',
      jti: 'oat_x',
      grant_id: 'grant_1',
      org_id: 'org_1',
    });
  });

  it('keeps several audiences as an array and omits org_id without an organization', () => {
    const claims = accessTokenClaims({
      grant,
      scopes: [],
      audience: ['https://a', 'https://b'],
      organizationId: null,
      jti: 'j',
    });
    expect(claims.aud).toEqual(['https://a', 'https://b']);
    expect(claims).not.toHaveProperty('org_id');
  });

  it('uses the granted resources as audience, else the issuer', () => {
    expect(accessTokenAudience(grant, 'https://op')).toEqual(['https://op']);
    expect(accessTokenAudience({ ...grant, resources: ['https://api'] }, 'https://op')).toEqual(['https://api']);
  });
});

describe('idTokenClaims (OIDC Core §2)', () => {
  it('has sub, aud, azp, auth_time, jti, at_hash, the nonce when given and the scoped profile claims', () => {
    expect(
      idTokenClaims({
        grant,
        scopes: ['openid', 'profile', 'user:org:read'],
        profile,
        accessToken: 'abc',
        alg: 'RS256',
        jti: 'j1',
        nonce: 'n-1',
      }),
    ).toEqual({
      sub: 'user_1',
      aud: 'client_1',
      azp: 'client_1',
      auth_time: 1_700_000_000,
      jti: 'j1',
      at_hash: accessTokenHash('abc', 'RS256'),
      nonce: 'n-1',
      given_name: 'Ada',
      name: 'Ada',
      preferred_username: 'ada',
      username: 'ada',
      org_id: 'org_1',
    });
  });

  it('omits the nonce when none was sent, and lets no profile claim override a protocol claim', () => {
    const claims = idTokenClaims({
      grant,
      scopes: ['openid', 'email'],
      profile,
      accessToken: 'abc',
      alg: 'RS256',
      jti: 'j',
    });
    expect(claims).not.toHaveProperty('nonce');
    expect(claims).toMatchObject({ email: 'ada@example.com', email_verified: true, sub: 'user_1' });
  });
});
