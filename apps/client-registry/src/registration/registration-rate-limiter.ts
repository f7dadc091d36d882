import { Inject, Injectable } from '@nestjs/common';
import { SlowDownError, TemporarilyUnavailableError } from '@tessera/contracts';
import { REDIS } from '@tessera/redis';
import type Redis from 'ioredis';
import { REGISTRY_CONFIG, type RegistryConfig } from '../registry.config';

/**
 * Dynamic Client Registration is open to anyone (RFC 7591 §3), so each source address may register at most
 * DCR_RATE_LIMIT_PER_WINDOW clients per DCR_RATE_LIMIT_WINDOW_SECONDS: a fixed window counted in Redis, shared
 * by every replica. The window starts with the address's first registration; the key expires with it.
 */
@Injectable()
export class RegistrationRateLimiter {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(REGISTRY_CONFIG) private readonly config: RegistryConfig,
  ) {}

  /** Counts one registration for `address`, or refuses it with `slow_down` (429) once the window is full. */
  async consume(address: string): Promise<void> {
    const key = `dcr-rate:${address}`;
    let count: number;
    try {
      // SET NX EX then INCR in one transaction: the key never exists without its TTL (INCR keeps it).
      const results = await this.redis
        .multi()
        .set(key, 0, 'EX', this.config.DCR_RATE_LIMIT_WINDOW_SECONDS, 'NX')
        .incr(key)
        .exec();
      const incremented = results?.[1];
      if (!incremented || incremented[0]) throw incremented?.[0] ?? new Error('transaction aborted');
      count = Number(incremented[1]);
    } catch (error) {
      throw new TemporarilyUnavailableError('Client registration is temporarily unavailable', { detail: error });
    }
    if (count > this.config.DCR_RATE_LIMIT_PER_WINDOW) {
      throw new SlowDownError('Too many client registrations from this address; try again later');
    }
  }
}
