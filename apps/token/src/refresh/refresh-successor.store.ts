import { Inject, Injectable } from '@nestjs/common';
import type { TokenResponse } from '@tessera/contracts';
import { decryptSecret, encryptSecret } from '@tessera/crypto';
import { REDIS } from '@tessera/redis';
import type Redis from 'ioredis';
import { createHmac } from 'node:crypto';
import { TOKEN_CONFIG, type TokenConfig } from '../token.config';

/**
 * The grace window's memory: when a refresh token is rotated, the token response it produced is kept for
 * REFRESH_REUSE_GRACE_SECONDS so that a concurrent retry with the same refresh token gets the very same successor
 * instead of tripping reuse detection.
 *
 * The response holds live tokens, so it is sealed (AES-256-GCM) with a key derived from the old refresh token
 * itself: only a holder of that token can open it, and neither Redis nor Postgres (which stores only the token's
 * SHA-256, a different derivation) holds anything usable. It lives in Redis with the grace window as TTL.
 */
@Injectable()
export class RefreshSuccessorStore {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(TOKEN_CONFIG) private readonly config: TokenConfig,
  ) {}

  async remember(oldToken: string, oldHash: string, response: TokenResponse): Promise<void> {
    const ttl = this.config.REFRESH_REUSE_GRACE_SECONDS;
    if (ttl === 0) return;
    const sealed = encryptSecret(JSON.stringify(response), sealingKey(oldToken), oldHash);
    await this.redis.set(successorKey(oldHash), sealed, 'EX', ttl);
  }

  async recall(oldToken: string, oldHash: string): Promise<TokenResponse | undefined> {
    const sealed = await this.redis.get(successorKey(oldHash));
    if (!sealed) return undefined;
    return JSON.parse(decryptSecret(sealed, sealingKey(oldToken), oldHash)) as TokenResponse;
  }
}

/** Domain-separated from the lookup hash (plain SHA-256 of the token), so the database never holds this key. */
const sealingKey = (token: string) => createHmac('sha256', 'tessera refresh successor v1').update(token).digest();
const successorKey = (hash: string) => `refresh-successor:${hash}`;
