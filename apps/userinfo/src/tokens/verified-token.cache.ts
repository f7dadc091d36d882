import { ExpiringMap } from '@tessera/caching';
import type { ActiveToken } from '@tessera/contracts';

/** At most this long a verified token is trusted from memory (bounds how long a retired signing key counts). */
const MAX_AGE_MS = 60_000;
const MAX_ENTRIES = 20_000;

/**
 * What a JWT access token verified to, kept so that a client calling userinfo or token_info again and again with
 * the same token pays the signature verification once a minute instead of every time (it was the largest single
 * cost of a userinfo request). Only the signature and claims checks are remembered: revocation is still checked
 * on every request, and an entry never outlives the token's `exp`. The tokens are the map's keys in this
 * process's memory only, as they already pass through it; nothing is written anywhere.
 */
export class VerifiedTokenCache {
  private readonly entries: ExpiringMap<string, ActiveToken>;

  constructor(
    private readonly now: () => number = Date.now,
    maxEntries = MAX_ENTRIES,
  ) {
    this.entries = new ExpiringMap(maxEntries, now);
  }

  get(token: string): ActiveToken | undefined {
    return this.entries.get(token);
  }

  remember(token: string, verified: ActiveToken): void {
    const expiresAt = Math.min(verified.expiresAt * 1000, this.now() + MAX_AGE_MS);
    this.entries.set(token, verified, expiresAt);
  }
}
