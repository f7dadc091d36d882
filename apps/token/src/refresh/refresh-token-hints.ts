import { Inject, Injectable } from '@nestjs/common';
import type { Grant } from '../grants/grant';
import { TOKEN_CONFIG, type TokenConfig } from '../token.config';

/** How many refresh tokens a process remembers; the oldest are forgotten first (about 0.5 KiB each). */
export const REFRESH_TOKEN_HINT_LIMIT = 20_000;

/**
 * What this process remembers of the refresh tokens it issued, by their SHA-256: the grant each belongs to and
 * when it expires. A refresh of one of them skips the unlocked read of the token (RefreshTokenGrant's
 * preparation) and goes straight to signing and the one-statement rotation, so that a refresh chain served by
 * one replica costs one Postgres round trip per refresh instead of two.
 *
 * A hint is never trusted for a decision: the rotation's statement checks that the token is unused, unexpired
 * and its grant unrevoked, and anything else takes the locked read, which refuses with the precise reason. All a
 * stale hint (a token another replica rotated, a grant revoked since) can cost is a pair of signatures thrown
 * away. A grant's client, user and scopes never change, so a hint's grant is as good as a fresh read of it.
 * Each hint is taken (forgotten) by the refresh that uses it: a token is rotated once.
 */
@Injectable()
export class RefreshTokenHints {
  private readonly byHash = new Map<string, { grant: Grant; expiresAt: number }>();

  constructor(@Inject(TOKEN_CONFIG) private readonly config: Pick<TokenConfig, 'REFRESH_TOKEN_TTL_SECONDS'>) {}

  /** After the token (by hash) was committed for `grant`, now: it expires REFRESH_TOKEN_TTL_SECONDS from now. */
  remember(hash: string, grant: Grant, now = Date.now()): void {
    if (this.byHash.size >= REFRESH_TOKEN_HINT_LIMIT) this.byHash.delete(this.byHash.keys().next().value!);
    this.byHash.set(hash, { grant, expiresAt: now + this.config.REFRESH_TOKEN_TTL_SECONDS * 1000 });
  }

  /** The grant of a token this process issued and that has not expired by the clock here; forgets it either way. */
  take(hash: string, now = Date.now()): Grant | undefined {
    const hint = this.byHash.get(hash);
    if (!hint) return undefined;
    this.byHash.delete(hash);
    return hint.expiresAt > now ? hint.grant : undefined;
  }

  get size(): number {
    return this.byHash.size;
  }
}
