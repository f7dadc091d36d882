import { Inject, Injectable } from '@nestjs/common';
import { TemporarilyUnavailableError } from '@tessera/contracts';
import { REDIS } from '@tessera/redis';
import type Redis from 'ioredis';
import { RevokedGrantsMemory } from './revoked-grants.memory';

/**
 * The grants revoked while JWT access tokens of theirs may still be unexpired. JWTs are verified here without
 * asking the token service, so this set (fed by `oauth_token.revoked` events) is what makes a revoked grant's
 * JWTs stop working. Each mark lives as long as such a token can (see RevocationEventsConsumer).
 *
 * Asked first: this process's memory of the same events, whenever it is known complete (RevokedGrantsMemory);
 * Redis otherwise (while it starts, replays or has lost its stream).
 */
@Injectable()
export class RevokedGrants {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly memory: RevokedGrantsMemory,
  ) {}

  async mark(grantId: string, ttlSeconds: number): Promise<void> {
    await this.redis.set(revokedKey(grantId), '1', 'EX', ttlSeconds);
  }

  has(grantId: string): Promise<boolean> {
    const remembered = this.memory.answer(grantId);
    return remembered === undefined ? this.hasMark(grantId) : Promise.resolve(remembered);
  }

  /** Fails closed: without Redis a revocation cannot be ruled out, so the caller gets temporarily_unavailable. */
  private async hasMark(grantId: string): Promise<boolean> {
    try {
      return (await this.redis.exists(revokedKey(grantId))) === 1;
    } catch (error) {
      throw new TemporarilyUnavailableError('The userinfo service is temporarily unavailable', { detail: error });
    }
  }
}

const revokedKey = (grantId: string) => `revoked-grant:${grantId}`;
