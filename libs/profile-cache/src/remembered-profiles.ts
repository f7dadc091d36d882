import { ExpiringMap } from '@tessera/caching';
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
  private readonly users: ExpiringMap<string, Map<string, UserProfile | null>>;
  private forgets = 0;

  constructor(
    private readonly ttlMs = REMEMBERED_PROFILE_TTL_MS,
    private readonly now: () => number = Date.now,
  ) {
    this.users = new ExpiringMap(MAX_USERS, now);
  }

  /** `{ profile }` when remembered (`null`: the user does not exist), undefined when not. */
  recall(userId: string, organizationId: string | null): { profile: UserProfile | null } | undefined {
    const profiles = this.users.get(userId);
    const key = organizationId ?? NO_ORGANIZATION;
    return profiles?.has(key) ? { profile: profiles.get(key)! } : undefined;
  }

  /** Taken before reading the profile elsewhere, and handed back to `remember` with it. */
  ticket(): number {
    return this.forgets;
  }

  remember(userId: string, organizationId: string | null, profile: UserProfile | null, ticket: number): void {
    if (ticket !== this.forgets) return;
    let profiles = this.users.get(userId);
    if (!profiles) {
      profiles = new Map();
      this.users.set(userId, profiles, this.now() + this.ttlMs);
    }
    if (profiles.size < MAX_ORGANIZATIONS_PER_USER) profiles.set(organizationId ?? NO_ORGANIZATION, profile);
  }

  forgetUser(userId: string): void {
    this.forgets += 1;
    this.users.delete(userId);
  }

  /** An organization changed: the profiles bound to it are not indexed, and such changes are rare. */
  forgetAll(): void {
    this.forgets += 1;
    this.users.clear();
  }
}
