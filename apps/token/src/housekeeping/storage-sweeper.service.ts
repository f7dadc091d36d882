import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from '@tessera/logging';
import { DataSource } from 'typeorm';
import { TOKEN_CONFIG, type TokenConfig } from '../token.config';
import { TOKEN_LOGGER } from '../token.logger';

const SWEEP_INTERVAL_MS = 10 * 60 * 1000;
/** Rows per statement, so that a sweep never holds long locks on a big backlog. */
const BATCH = 5000;

/**
 * Deletes what can no longer matter, every ten minutes on every replica (the deletes are idempotent):
 * - opaque access tokens past their expiry;
 * - refresh tokens past their expiry by more than an access token's lifetime (until then the grant they belong
 *   to may still have live access tokens, and a used one must still trip reuse detection while it is valid);
 * - grants with no refresh token left, older than an access token's lifetime: every token they issued is
 *   expired, and a token of a grant that no longer exists is inactive anyway.
 */
@Injectable()
export class StorageSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(TOKEN_CONFIG) private readonly config: TokenConfig,
    @Inject(TOKEN_LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => {
      this.sweep().catch((error: unknown) => this.logger.warn({ err: error }, 'token storage sweep failed'));
    }, SWEEP_INTERVAL_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  async sweep(): Promise<{ accessTokens: number; refreshTokens: number; grants: number }> {
    const accessTtl = this.config.ACCESS_TOKEN_TTL_SECONDS;
    const accessTokens = await this.deleteBatch(
      `DELETE FROM token.access_tokens WHERE token_hash IN (
         SELECT token_hash FROM token.access_tokens WHERE expires_at < now() LIMIT ${BATCH})`,
    );
    const refreshTokens = await this.deleteBatch(
      `DELETE FROM token.refresh_tokens WHERE token_hash IN (
         SELECT token_hash FROM token.refresh_tokens
          WHERE expires_at < now() - make_interval(secs => $1) LIMIT ${BATCH})`,
      [accessTtl],
    );
    const grants = await this.deleteBatch(
      `DELETE FROM token.grants WHERE id IN (
         SELECT g.id FROM token.grants g
          WHERE g.created_at < now() - make_interval(secs => $1)
            AND NOT EXISTS (SELECT 1 FROM token.refresh_tokens r WHERE r.grant_id = g.id)
            AND NOT EXISTS (SELECT 1 FROM token.access_tokens a WHERE a.grant_id = g.id)
          LIMIT ${BATCH})`,
      [accessTtl],
    );
    if (accessTokens + refreshTokens + grants > 0) {
      this.logger.info({ accessTokens, refreshTokens, grants }, 'expired token storage swept');
    }
    return { accessTokens, refreshTokens, grants };
  }

  private async deleteBatch(sql: string, parameters: unknown[] = []): Promise<number> {
    // TypeORM answers a DELETE on Postgres with [rows, affectedCount].
    const [, affected] = await this.dataSource.query<[unknown[], number]>(sql, parameters);
    return affected;
  }
}
