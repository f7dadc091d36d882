import { Injectable } from '@nestjs/common';
import { ACCOUNTS_USER_PROFILE_GET, ResourceNotFoundError, type UserProfile } from '@tessera/contracts';
import { RpcClient } from '@tessera/nats';
import type { Grant } from '../grants/grant';

/** Scopes whose claims come from the user's profile (OIDC's ID token, and org_id in any token). */
const PROFILE_SCOPES = ['openid', 'user:org:read'];

/**
 * The user's current profile from the accounts service, asked only when the scopes need it. `null` when the user
 * no longer exists (the caller revokes the grant).
 */
@Injectable()
export class ProfileLookup {
  constructor(private readonly rpc: RpcClient) {}

  needed(scopes: readonly string[]): boolean {
    return scopes.some((scope) => PROFILE_SCOPES.includes(scope));
  }

  async forGrant(grant: Pick<Grant, 'userId' | 'organizationId'>): Promise<UserProfile | null> {
    try {
      return await this.rpc.send(ACCOUNTS_USER_PROFILE_GET, {
        userId: grant.userId,
        ...(grant.organizationId ? { organizationId: grant.organizationId } : {}),
      });
    } catch (error) {
      if (error instanceof ResourceNotFoundError) return null;
      throw error;
    }
  }
}
