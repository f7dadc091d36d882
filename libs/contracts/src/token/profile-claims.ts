import type { UserProfile } from '../accounts/user-profile.contract';

/** The user claims a token or userinfo response may carry, each unlocked by a scope (Clerk's table). */
export interface ProfileClaims {
  given_name?: string;
  family_name?: string;
  name?: string;
  picture?: string;
  preferred_username?: string;
  /** Deprecated by Clerk in favour of preferred_username; still sent, like Clerk. */
  username?: string;
  email?: string;
  email_verified?: boolean;
  public_metadata?: Record<string, unknown>;
  unsafe_metadata?: Record<string, unknown>;
  private_metadata?: Record<string, unknown>;
  org_id?: string;
}

/**
 * Picks the claims the granted scopes unlock from a user profile, the same way for the ID token and userinfo:
 * `profile` → names, picture and username; `email` → email and email_verified; `public_metadata` → public and
 * unsafe metadata; `private_metadata` → private metadata; `user:org:read` → org_id (when an organization is
 * bound). OpenID Connect Core §5.3.2: a claim without a value is omitted rather than sent as null.
 */
export function profileClaims(profile: UserProfile, scopes: readonly string[]): ProfileClaims {
  const granted = new Set(scopes);
  const claims: ProfileClaims = {};
  if (granted.has('profile')) {
    const name = [profile.firstName, profile.lastName].filter(Boolean).join(' ');
    if (profile.firstName) claims.given_name = profile.firstName;
    if (profile.lastName) claims.family_name = profile.lastName;
    if (name) claims.name = name;
    if (profile.imageUrl) claims.picture = profile.imageUrl;
    if (profile.username) {
      claims.preferred_username = profile.username;
      claims.username = profile.username;
    }
  }
  if (granted.has('email') && profile.primaryEmail) {
    claims.email = profile.primaryEmail;
    claims.email_verified = profile.emailVerified;
  }
  if (granted.has('public_metadata')) {
    claims.public_metadata = profile.publicMetadata;
    claims.unsafe_metadata = profile.unsafeMetadata;
  }
  if (granted.has('private_metadata')) claims.private_metadata = profile.privateMetadata;
  if (granted.has('user:org:read') && profile.organization) claims.org_id = profile.organization.id;
  return claims;
}
