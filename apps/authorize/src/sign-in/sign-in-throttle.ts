import { Inject, Injectable } from '@nestjs/common';
import { sha256 } from '@tessera/crypto';
import { REDIS } from '@tessera/redis';
import type Redis from 'ioredis';
import { AUTHORIZE_CONFIG, type AuthorizeConfig } from '../authorize.config';

/** Counts one failure; the first failure of a window starts the window (fixed window, always with a TTL). */
const COUNT_FAILURE = `
for i, key in ipairs(KEYS) do
  if redis.call('INCR', key) == 1 then redis.call('EXPIRE', key, ARGV[1]) end
end
return 1`;

/**
 * The identifier as typed may differ in case and surrounding spaces from the stored email or username; both
 * spellings must share one counter, or an attacker gets a fresh budget per spelling.
 */
export const normaliseIdentifier = (identifier: string): string => identifier.normalize('NFKC').trim().toLowerCase();

export type ThrottleVerdict = { throttled: false } | { throttled: true; retryAfterSeconds: number };

/**
 * Failed sign-ins counted per account identifier and per source address in Redis (fixed windows of
 * SIGN_IN_THROTTLE_WINDOW_SECONDS). Once either count reaches its limit, sign-in is refused (even with the right
 * password, or the limit would leak which guess was right) until the window ends.
 */
@Injectable()
export class SignInThrottle {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(AUTHORIZE_CONFIG) private readonly config: AuthorizeConfig,
  ) {}

  async check(identifier: string, sourceIp: string): Promise<ThrottleVerdict> {
    const limits: Array<[string, number]> = [
      [this.accountKey(identifier), this.config.SIGN_IN_MAX_FAILURES_PER_ACCOUNT],
      [this.ipKey(sourceIp), this.config.SIGN_IN_MAX_FAILURES_PER_IP],
    ];
    const pipeline = this.redis.pipeline();
    for (const [key] of limits) pipeline.get(key).ttl(key);
    const results = (await pipeline.exec()) ?? [];
    let retryAfterSeconds = 0;
    limits.forEach(([, limit], index) => {
      const count = Number(results[index * 2]?.[1] ?? 0);
      const ttl = Number(results[index * 2 + 1]?.[1] ?? -2);
      if (count >= limit) retryAfterSeconds = Math.max(retryAfterSeconds, ttl > 0 ? ttl : 1);
    });
    return retryAfterSeconds > 0 ? { throttled: true, retryAfterSeconds } : { throttled: false };
  }

  async recordFailure(identifier: string, sourceIp: string): Promise<void> {
    await this.redis.eval(
      COUNT_FAILURE,
      2,
      this.accountKey(identifier),
      this.ipKey(sourceIp),
      this.config.SIGN_IN_THROTTLE_WINDOW_SECONDS,
    );
  }

  /** A successful sign-in clears the account's count; the address's count stays (it may be guessing many). */
  async recordSuccess(identifier: string): Promise<void> {
    await this.redis.del(this.accountKey(identifier));
  }

  private accountKey(identifier: string): string {
    return `sign-in-failures:account:${sha256(normaliseIdentifier(identifier))}`;
  }

  private ipKey(sourceIp: string): string {
    return `sign-in-failures:ip:${sourceIp}`;
  }
}
