import type { UserProfile } from '@tessera/contracts';
import { randomHex } from '@tessera/crypto';
import type { Logger } from '@tessera/logging';
import type Redis from 'ioredis';

/** The generation of a user or organization that was never invalidated (or whose mark expired). */
const INITIAL = '0';
/** Stands for "no organization" in keys. */
const NO_ORGANIZATION = '-';

/** The generations a cached profile was read under: it is valid only while both are still current. */
export interface Generations {
  user: string;
  organization: string;
}

interface CachedEntry {
  generations: Generations;
  /** null: the user does not exist (deleted). */
  profile: UserProfile | null;
}

export type CacheLookup = { hit: true; profile: UserProfile | null } | { hit: false; generations?: Generations };

/**
 * User profiles in Redis, per (user, bound organization), for `ttlSeconds` (the service's
 * PROFILE_CACHE_TTL_SECONDS). Invalidation bumps a generation — one per user, one per organization — instead of
 * deleting entries: an entry counts only while both generations it was stored under are current. So one MGET
 * answers a lookup, no index of keys is needed, and a reader that fetched a profile just before a change cannot
 * store it as fresh afterwards (it stores it under the old generation, which no later lookup accepts). A
 * generation mark outlives every entry stored under the previous one (twice the entry TTL plus a margin), after
 * which generations start again from INITIAL safely.
 *
 * Keys are relative (`profile:…`, `profile-generation:…`): the service's Redis client prefixes them with its own
 * `<namespace>:<service>:`, so each service that uses this class has a cache of its own, kept by its own
 * invalidation consumer.
 */
export class ProfileCache {
  constructor(
    private readonly redis: Redis,
    private readonly ttlSeconds: number,
    private readonly logger: Logger,
  ) {}

  /** A miss without generations means Redis is unavailable: do not store what you fetch. */
  async read(userId: string, organizationId: string | null): Promise<CacheLookup> {
    try {
      const keys = [entryKey(userId, organizationId), userGenerationKey(userId)];
      if (organizationId) keys.push(organizationGenerationKey(organizationId));
      const [raw, user, organization] = await this.redis.mget(keys);
      const generations: Generations = {
        user: user ?? INITIAL,
        organization: organizationId ? (organization ?? INITIAL) : NO_ORGANIZATION,
      };
      const entry = raw ? (JSON.parse(raw) as CachedEntry) : undefined;
      if (
        entry &&
        entry.generations.user === generations.user &&
        entry.generations.organization === generations.organization
      ) {
        return { hit: true, profile: entry.profile };
      }
      return { hit: false, generations };
    } catch (error) {
      this.logger.warn({ err: error }, 'profile cache unavailable; asking the accounts service');
      return { hit: false };
    }
  }

  async write(
    userId: string,
    organizationId: string | null,
    generations: Generations,
    profile: UserProfile | null,
  ): Promise<void> {
    const entry: CachedEntry = { generations, profile };
    await this.redis
      .set(entryKey(userId, organizationId), JSON.stringify(entry), 'EX', this.ttlSeconds)
      .catch((error: unknown) => this.logger.warn({ err: error }, 'could not store a profile in the cache'));
  }

  /** Every cached profile of the user stops counting. */
  invalidateUser(userId: string): Promise<void> {
    return this.bump(userGenerationKey(userId));
  }

  /** Every cached profile bound to the organization stops counting. */
  invalidateOrganization(organizationId: string): Promise<void> {
    return this.bump(organizationGenerationKey(organizationId));
  }

  private async bump(key: string): Promise<void> {
    const markTtl = 2 * this.ttlSeconds + 60;
    await this.redis.set(key, randomHex(8), 'EX', markTtl);
  }
}

const entryKey = (userId: string, organizationId: string | null) =>
  `profile:${userId}:${organizationId ?? NO_ORGANIZATION}`;
const userGenerationKey = (userId: string) => `profile-generation:user:${userId}`;
const organizationGenerationKey = (organizationId: string) => `profile-generation:organization:${organizationId}`;
