import { ExpiringMap } from '@tessera/caching';
import type { ActiveToken } from '@tessera/contracts';

/** At most this long a verified token is trusted from memory (bounds how long a retired signing key counts). */
const MAX_AGE_MS = 60_000;
const MAX_ENTRIES = 20_000;
/** The token's last characters, its signature's (258 bits of an RS256, ES256 or EdDSA signature), as the map key. */
const KEY_LENGTH = 43;

/**
 * What a JWT access token verified to, kept so that a client calling userinfo or token_info again and again with
 * the same token pays the signature verification once a minute instead of every time (it was the largest single
 * cost of a userinfo request). Only the signature and claims checks are remembered: revocation is still checked
 * on every request, and an entry never outlives the token's `exp`. The tokens are kept in this process's memory
 * only, as they already pass through it; nothing is written anywhere.
 *
 * Keyed by the end of the signature, the token compared whole on a hit: a Map hashes its string keys, and hashing
 * each request's kilobyte-long token (a new string every time) cost a microsecond, about 5 % of a userinfo
 * request; the key's 43 characters cost a tenth of it, and the comparison (lengths, then bytes) little more.
 */
export class VerifiedTokenCache {
  private readonly entries: ExpiringMap<string, { token: string; verified: ActiveToken }>;

  constructor(
    private readonly now: () => number = Date.now,
    maxEntries = MAX_ENTRIES,
  ) {
    this.entries = new ExpiringMap(maxEntries, now);
  }

  get(token: string): ActiveToken | undefined {
    const entry = this.entries.get(keyOf(token));
    return entry?.token === token ? entry.verified : undefined;
  }

  remember(token: string, verified: ActiveToken): void {
    const expiresAt = Math.min(verified.expiresAt * 1000, this.now() + MAX_AGE_MS);
    this.entries.set(keyOf(token), { token, verified }, expiresAt);
  }
}

const keyOf = (token: string) => token.slice(-KEY_LENGTH);
