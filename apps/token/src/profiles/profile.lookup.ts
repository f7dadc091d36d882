import { Injectable } from '@nestjs/common';
import type { UserProfile } from '@tessera/contracts';
import { ProfileSource } from '@tessera/profile-cache';
import type { Grant } from '../grants/grant';

/** The durable consumer that keeps the token service's profile cache honest; its replicas share it. */
export const PROFILE_INVALIDATION_CONSUMER = 'token-profile-invalidation';

/** Scopes whose claims come from the user's profile (OIDC's ID token, and org_id in any token). */
const PROFILE_SCOPES = ['openid', 'user:org:read'];

/**
 * The user's current profile, asked only when the scopes need it: from the token service's profile cache in the
 * steady state (events from the accounts service invalidate it), from the accounts service on a miss. `null`
 * when the user no longer exists (the caller revokes the grant).
 */
@Injectable()
export class ProfileLookup {
  constructor(private readonly source: ProfileSource) {}

  needed(scopes: readonly string[]): boolean {
    return scopes.some((scope) => PROFILE_SCOPES.includes(scope));
  }

  forGrant(grant: Pick<Grant, 'userId' | 'organizationId'>): Promise<UserProfile | null> {
    return this.source.get(grant.userId, grant.organizationId);
  }
}
