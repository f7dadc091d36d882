import { Inject, Injectable } from '@nestjs/common';
import type { TokenResponse } from '@tessera/contracts';
import { decryptSecretBytes, encryptSecretToBytes, sha256 } from '@tessera/crypto';
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
 * SHA-256, a different derivation) holds anything usable. It lives in Redis with the grace window as TTL, as
 * bytes: sealing it is on every refresh, and its base64url text cost more to encode and write than to encrypt.
 */
@Injectable()
export class RefreshSuccessorStore {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(TOKEN_CONFIG) private readonly config: TokenConfig,
  ) {}

  /** Keeps `response` as the successor of `oldToken`, replacing any claim (the locked path's rotation). */
  async remember(oldToken: string, oldHash: string, response: TokenResponse): Promise<void> {
    await this.keep(oldToken, oldHash, response, false);
  }

  /**
   * Keeps `response` as the successor of `oldToken` unless another is kept already: the one-statement rotation
   * claims the place before its statement runs, so that a retry queued on the token's row finds the successor
   * as soon as the rotation commits. False when the place is taken: a concurrent request got there first, and
   * this one takes the locked path. A claim whose rotation then finds the token not live stays behind unused;
   * `recall` never returns it (see there).
   */
  claim(oldToken: string, oldHash: string, response: TokenResponse): Promise<boolean> {
    return this.keep(oldToken, oldHash, response, true);
  }

  /**
   * The successor kept for `oldToken`, if it is the one that replaced it: `replacedBy` is the hash Postgres
   * recorded for the successor, so that a claim whose rotation never happened is never handed out.
   */
  async recall(oldToken: string, oldHash: string, replacedBy: string | null): Promise<TokenResponse | undefined> {
    const sealed = await this.redis.getBuffer(successorKey(oldHash));
    if (!sealed) return undefined;
    const response = JSON.parse(decryptSecretBytes(sealed, sealingKey(oldToken), oldHash)) as TokenResponse;
    return response.refreshToken !== undefined && sha256(response.refreshToken) === replacedBy ? response : undefined;
  }

  private async keep(oldToken: string, oldHash: string, response: TokenResponse, onlyIfFree: boolean) {
    const ttl = this.config.REFRESH_REUSE_GRACE_SECONDS;
    if (ttl === 0) return true;
    const key = successorKey(oldHash);
    const sealed = encryptSecretToBytes(JSON.stringify(response), sealingKey(oldToken), oldHash);
    const answer = onlyIfFree
      ? await this.redis.set(key, sealed, 'EX', ttl, 'NX')
      : await this.redis.set(key, sealed, 'EX', ttl);
    return answer === 'OK';
  }
}

/** Domain-separated from the lookup hash (plain SHA-256 of the token), so the database never holds this key. */
const sealingKey = (token: string) => createHmac('sha256', 'tessera refresh successor v1').update(token).digest();
const successorKey = (hash: string) => `refresh-successor:${hash}`;
