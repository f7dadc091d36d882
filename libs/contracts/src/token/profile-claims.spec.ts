import type { UserProfile } from '../accounts/user-profile.contract';
import { profileClaims } from './profile-claims';

const profile: UserProfile = {
  id: 'user_1',
  username: 'ada',
  firstName: 'Ada',
  lastName: 'Lovelace',
  imageUrl: 'https://img.example.com/ada.png',
  primaryEmail: 'ada@example.com',
  emailVerified: true,
  publicMetadata: { plan: 'pro' },
  privateMetadata: { internal: 7 },
  unsafeMetadata: { theme: 'dark' },
  updatedAt: 1_700_000_000,
  organization: { id: 'org_1', name: 'Analytical', slug: 'analytical', role: 'org:admin' },
};

describe('profileClaims (Clerk: scopes and the claims they unlock)', () => {
  it('gives nothing for openid alone or for scopes that unlock no claim', () => {
    expect(profileClaims(profile, ['openid', 'offline_access', 'custom:thing'])).toEqual({});
  });

  it('profile → given_name, family_name, name, picture, preferred_username and username', () => {
    expect(profileClaims(profile, ['profile'])).toEqual({
      given_name: 'Ada',
      family_name: 'Lovelace',
      name: 'Ada Lovelace',
      picture: 'https://img.example.com/ada.png',
      preferred_username: 'ada',
      username: 'ada',
    });
  });

  it('email → email and email_verified', () => {
    expect(profileClaims({ ...profile, emailVerified: false }, ['email'])).toEqual({
      email: 'ada@example.com',
      email_verified: false,
    });
  });

  it('public_metadata → public_metadata and unsafe_metadata', () => {
    expect(profileClaims(profile, ['public_metadata'])).toEqual({
      public_metadata: { plan: 'pro' },
      unsafe_metadata: { theme: 'dark' },
    });
  });

  it('private_metadata → private_metadata only', () => {
    expect(profileClaims(profile, ['private_metadata'])).toEqual({ private_metadata: { internal: 7 } });
  });

  it('user:org:read → org_id when an organization is bound, nothing otherwise', () => {
    expect(profileClaims(profile, ['user:org:read'])).toEqual({ org_id: 'org_1' });
    expect(profileClaims({ ...profile, organization: null }, ['user:org:read'])).toEqual({});
  });

  it('omits claims without a value instead of sending null (OIDC Core §5.3.2)', () => {
    const sparse: UserProfile = {
      ...profile,
      username: null,
      firstName: null,
      lastName: 'Lovelace',
      imageUrl: null,
      primaryEmail: null,
    };
    expect(profileClaims(sparse, ['profile', 'email'])).toEqual({ family_name: 'Lovelace', name: 'Lovelace' });
  });

  it('combines scopes', () => {
    expect(
      Object.keys(
        profileClaims(profile, ['profile', 'email', 'public_metadata', 'private_metadata', 'user:org:read']),
      ).sort(),
    ).toEqual([
      'email',
      'email_verified',
      'family_name',
      'given_name',
      'name',
      'org_id',
      'picture',
      'preferred_username',
      'private_metadata',
      'public_metadata',
      'unsafe_metadata',
      'username',
    ]);
  });
});
