import { profileClaims, type UserInfo, type UserProfile } from '@tessera/contracts';

/**
 * The scopes userinfo serves something for. A token with none of them (say only `offline_access`, or only an
 * API's custom scopes such as `mcp:tools`) was not issued to read the user: 403 `insufficient_scope`. A token
 * with any of them gets at least `object`, `instance_id`, `user_id` and `sub`, even when the scope unlocks no
 * claim the user has a value for (`openid` alone, as OpenID Connect Core §5.3.2 requires `sub`).
 */
export const USERINFO_SCOPES: readonly string[] = [
  'openid',
  'profile',
  'email',
  'public_metadata',
  'private_metadata',
  'user:org:read',
];

export const servesUserInfo = (scopes: readonly string[]): boolean =>
  scopes.some((scope) => USERINFO_SCOPES.includes(scope));

/**
 * Clerk's userinfo object: the fixed members, then the claims the granted scopes unlock (the table shared with
 * the ID token), then `org_name` and `org_slug` beside `org_id` — only with `user:org:read` and an organization
 * bound to the grant that the user still belongs to.
 */
export function userInfoClaims(input: {
  instanceId: string;
  scopes: readonly string[];
  profile: UserProfile;
}): UserInfo {
  const { profile, scopes } = input;
  const organization = scopes.includes('user:org:read') ? profile.organization : null;
  return {
    object: 'oauth_user_info',
    instance_id: input.instanceId,
    user_id: profile.id,
    sub: profile.id,
    ...profileClaims(profile, scopes),
    ...(organization ? { org_name: organization.name, org_slug: organization.slug } : {}),
  };
}
