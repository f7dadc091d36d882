import { GroupedMemory } from '@tessera/caching';
import type { UserProfile } from '@tessera/contracts';

/**
 * How long a profile is answered from a process's memory at most: the bound on its staleness should the event
 * stream be unreachable, as for the services' other per-process caches (clients, registry answers).
 */
export const REMEMBERED_PROFILE_TTL_MS = 5_000;
const MAX_USERS = 10_000;
/** Organizations remembered per user; a user bound to more is read from Redis for the others. */
const MAX_ORGANIZATIONS_PER_USER = 16;
const NO_ORGANIZATION = '-';

/**
 * The profiles this process read lately, in front of the Redis profile cache: a code exchange, a refresh or a
 * userinfo request for a user seen within the last seconds does not go to Redis for the profile (a round trip of
 * its own for the token service; a command beside the revocation check for userinfo).
 *
 * Staleness is the Redis cache's: every profile of a user is forgotten when an event says the user or a
 * membership changed, and all of them when an organization did (ProfileChangeListener, an ordered consumer per
 * process, within moments of the durable consumer that bumps the Redis generations), and at the latest
 * REMEMBERED_PROFILE_TTL_MS after the first of them was remembered. A profile read before a forget may describe
 * the user as they were, and is not remembered (`ticket`).
 */
export class RememberedProfiles {
  /** By user: their profiles by organization (or none), all expiring together. */
  private readonly users: GroupedMemory<UserProfile | null>;

  constructor(ttlMs = REMEMBERED_PROFILE_TTL_MS, now: () => number = Date.now) {
    this.users = new GroupedMemory({ ttlMs, maxGroups: MAX_USERS, maxPerGroup: MAX_ORGANIZATIONS_PER_USER }, now);
  }

  /** `{ profile }` when remembered (`null`: the user does not exist), undefined when not. */
  recall(userId: string, organizationId: string | null): { profile: UserProfile | null } | undefined {
    const recalled = this.users.recall(userId, organizationId ?? NO_ORGANIZATION);
    return recalled && { profile: recalled.value };
  }

  /** Taken before reading the profile elsewhere, and handed back to `remember` with it. */
  ticket(): number {
    return this.users.ticket();
  }

  remember(userId: string, organizationId: string | null, profile: UserProfile | null, ticket: number): void {
    this.users.remember(userId, organizationId ?? NO_ORGANIZATION, profile, ticket);
  }

  forgetUser(userId: string): void {
    this.users.forget(userId);
  }

  /** An organization changed: the profiles bound to it are not indexed, and such changes are rare. */
  forgetAll(): void {
    this.users.forgetAll();
  }
}
