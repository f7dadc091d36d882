import type { UserProfile } from '@tessera/contracts';
import { profileOf } from '@tessera/testing';
import { servesUserInfo, userInfoClaims } from './userinfo-claims';

const profile = profileOf('user_ada', {
  organization: { id: 'org_1', name: 'Analytical Engines', slug: 'engines', role: 'org:admin' },
});

const claimsFor = (scopes: string[], of: UserProfile = profile) =>
  userInfoClaims({ instanceId: 'ins_1', scopes, profile: of });

const base = { object: 'oauth_user_info', instance_id: 'ins_1', user_id: 'user_ada', sub: 'user_ada' };

describe('the userinfo answer (Clerk’s oauth_user_info)', () => {
  it('always carries object, instance_id, user_id and sub — openid alone unlocks nothing more', () => {
    expect(claimsFor(['openid'])).toEqual(base);
    expect(claimsFor(['openid', 'offline_access'])).toEqual(base);
  });

  it('profile → names, picture, preferred_username and the deprecated username', () => {
    expect(claimsFor(['profile'])).toEqual({
      ...base,
      given_name: 'Ada',
      family_name: 'Lovelace',
      name: 'Ada Lovelace',
      picture: 'https://img.example.com/ada.png',
      preferred_username: 'ada',
      username: 'ada',
    });
  });

  it('email → email and email_verified', () => {
    expect(claimsFor(['email'])).toEqual({ ...base, email: 'ada@example.com', email_verified: true });
  });

  it('public_metadata → public and unsafe metadata; private_metadata → private metadata', () => {
    expect(claimsFor(['public_metadata'])).toEqual({
      ...base,
      public_metadata: { plan: 'pro' },
      unsafe_metadata: { theme: 'dark' },
    });
    expect(claimsFor(['private_metadata'])).toEqual({ ...base, private_metadata: { internal: true } });
  });

  it('user:org:read → org_id, org_name and org_slug when an organization is bound', () => {
    expect(claimsFor(['user:org:read'])).toEqual({
      ...base,
      org_id: 'org_1',
      org_name: 'Analytical Engines',
      org_slug: 'engines',
    });
    expect(claimsFor(['user:org:read'], { ...profile, organization: null })).toEqual(base);
  });

  it('never shows the organization without user:org:read', () => {
    expect(claimsFor(['openid', 'profile', 'email'])).not.toHaveProperty('org_id');
    expect(claimsFor(['openid', 'profile', 'email'])).not.toHaveProperty('org_name');
  });
});

describe('which tokens userinfo serves', () => {
  it.each([['openid'], ['profile'], ['email'], ['public_metadata'], ['private_metadata'], ['user:org:read']])(
    'serves a token with %s',
    (scope) => expect(servesUserInfo([scope, 'offline_access'])).toBe(true),
  );

  it('does not serve a token with only offline_access or custom scopes', () => {
    expect(servesUserInfo(['offline_access'])).toBe(false);
    expect(servesUserInfo(['mcp:tools', 'offline_access'])).toBe(false);
    expect(servesUserInfo([])).toBe(false);
  });
});
