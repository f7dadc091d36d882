import { ExpiringMap } from '@tessera/caching';
import type { Grant } from '../grants/grant';

/** How many refresh tokens a process remembers; the oldest are forgotten first (about 0.5 KiB each). */
export const REFRESH_TOKEN_HINT_LIMIT = 20_000;

/**
 * What this process remembers of the refresh tokens it issued, by their SHA-256: the grant each belongs to, until
 * the token expires (`ttlMs`, the service's REFRESH_TOKEN_TTL_SECONDS). A refresh of one of them skips the unlocked
 * read of the token (RefreshTokenGrant's preparation) and goes straight to signing and the one-statement rotation,
 * so that a refresh chain served by one replica costs one Postgres round trip per refresh instead of two.
 *
 * A hint is never trusted for a decision: the rotation's statement checks that the token is unused, unexpired
 * and its grant unrevoked, and anything else takes the locked read, which refuses with the precise reason. All a
 * stale hint (a token another replica rotated, a grant revoked since) can cost is a pair of signatures thrown
 * away. A grant's client, user and scopes never change, so a hint's grant is as good as a fresh read of it.
 * Each hint is taken (forgotten) by the refresh that uses it: a token is rotated once.
 */
export class RefreshTokenHints {
  private readonly byHash: ExpiringMap<string, Grant>;

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.byHash = new ExpiringMap(REFRESH_TOKEN_HINT_LIMIT, now);
  }

  /** After the token (by hash) was committed for `grant`, now. */
  remember(hash: string, grant: Grant): void {
    this.byHash.set(hash, grant, this.now() + this.ttlMs);
  }

  /** The grant of a token this process issued and that has not expired by the clock here; forgets it either way. */
  take(hash: string): Grant | undefined {
    const grant = this.byHash.get(hash);
    this.byHash.delete(hash);
    return grant;
  }

  get size(): number {
    return this.byHash.size;
  }
}
