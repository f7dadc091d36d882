import { ACCOUNTS_USER_PROFILE_GET, ResourceNotFoundError, type UserProfile } from '@tessera/contracts';
import type { RpcClient } from '@tessera/nats';
import type { ProfileCache } from './profile-cache';
import type { RememberedProfiles } from './remembered-profiles';

/**
 * A user's profile, with the given organization when the user still belongs to it: from the process's memory of
 * the last seconds (`remembered`, when given) or the Redis cache in the steady state, from the accounts service on
 * a miss. `null` when the user no longer exists (also cached, so a deleted user's leftover tokens do not reach the
 * accounts database on every call).
 */
export class ProfileSource {
  constructor(
    private readonly cache: ProfileCache,
    private readonly rpc: RpcClient,
    private readonly remembered?: RememberedProfiles,
  ) {}

  async get(userId: string, organizationId: string | null): Promise<UserProfile | null> {
    const recalled = this.remembered?.recall(userId, organizationId);
    if (recalled) return recalled.profile;
    const ticket = this.remembered?.ticket();
    const profile = await this.fromCache(userId, organizationId);
    if (ticket !== undefined) this.remembered?.remember(userId, organizationId, profile, ticket);
    return profile;
  }

  private async fromCache(userId: string, organizationId: string | null): Promise<UserProfile | null> {
    const cached = await this.cache.read(userId, organizationId);
    if (cached.hit) return cached.profile;
    const profile = await this.fetch(userId, organizationId);
    if (cached.generations) await this.cache.write(userId, organizationId, cached.generations, profile);
    return profile;
  }

  private async fetch(userId: string, organizationId: string | null): Promise<UserProfile | null> {
    try {
      return await this.rpc.send(ACCOUNTS_USER_PROFILE_GET, {
        userId,
        ...(organizationId ? { organizationId } : {}),
      });
    } catch (error) {
      if (error instanceof ResourceNotFoundError) return null;
      throw error;
    }
  }
}
