import { Inject, Injectable } from '@nestjs/common';
import { REDIS } from '@tessera/redis';
import type Redis from 'ioredis';
import { DataSource } from 'typeorm';
import { TOKEN_CONFIG, type TokenConfig } from '../token.config';

const ACTIVE = 'active';
const REVOKED = 'revoked';
/** How long "this grant is live" is trusted without asking Postgres; revocations overwrite it at once. */
const ACTIVE_TTL_SECONDS = 60;

/**
 * Whether a grant is still live, for the checks on every access-token introspection: answered from Redis in the
 * steady state. Revocations write `revoked` unconditionally (for as long as any access token may live); readers
 * fill a miss from Postgres with SET NX, so a reader that raced a revocation can never overwrite it.
 */
@Injectable()
export class GrantStatusCache {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly dataSource: DataSource,
    @Inject(TOKEN_CONFIG) private readonly config: TokenConfig,
  ) {}

  async isLive(grantId: string): Promise<boolean> {
    const cached = await this.redis.get(statusKey(grantId));
    if (cached) return cached === ACTIVE;
    const [row] = await this.dataSource.query<Array<{ revoked: boolean }>>(
      `SELECT revoked_at IS NOT NULL AS revoked FROM token.grants WHERE id = $1`,
      [grantId],
    );
    if (!row) return false;
    const status = row.revoked ? REVOKED : ACTIVE;
    await this.redis.set(statusKey(grantId), status, 'EX', this.ttlOf(status), 'NX');
    return !row.revoked;
  }

  async markRevoked(grantIds: readonly string[]): Promise<void> {
    if (grantIds.length === 0) return;
    const pipeline = this.redis.pipeline();
    for (const id of grantIds) pipeline.set(statusKey(id), REVOKED, 'EX', this.ttlOf(REVOKED));
    await pipeline.exec();
  }

  private ttlOf(status: string): number {
    return status === ACTIVE ? ACTIVE_TTL_SECONDS : this.config.ACCESS_TOKEN_TTL_SECONDS;
  }
}

const statusKey = (grantId: string) => `grant-status:${grantId}`;
