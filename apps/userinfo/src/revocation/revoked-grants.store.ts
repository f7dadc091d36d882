import { Inject, Injectable } from '@nestjs/common';
import { TemporarilyUnavailableError } from '@tessera/contracts';
import { REDIS } from '@tessera/redis';
import type Redis from 'ioredis';

/**
 * The grants revoked while JWT access tokens of theirs may still be unexpired. JWTs are verified here without
 * asking the token service, so this set (fed by `oauth_token.revoked` events) is what makes a revoked grant's
 * JWTs stop working. Each mark lives as long as such a token can (see RevocationEventsConsumer).
 */
@Injectable()
export class RevokedGrants {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  async mark(grantId: string, ttlSeconds: number): Promise<void> {
    await this.redis.set(revokedKey(grantId), '1', 'EX', ttlSeconds);
  }

  /** Fails closed: without Redis a revocation cannot be ruled out, so the caller gets temporarily_unavailable. */
  async has(grantId: string): Promise<boolean> {
    try {
      return (await this.redis.exists(revokedKey(grantId))) === 1;
    } catch (error) {
      throw new TemporarilyUnavailableError('The userinfo service is temporarily unavailable', { detail: error });
    }
  }
}

const revokedKey = (grantId: string) => `revoked-grant:${grantId}`;
