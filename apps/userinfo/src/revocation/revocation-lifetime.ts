import type { UserinfoConfig } from '../userinfo.config';

type TokenLifetimes = Pick<UserinfoConfig, 'ACCESS_TOKEN_TTL_SECONDS' | 'JWT_CLOCK_TOLERANCE_SECONDS'>;

/**
 * How long after its announcement a revocation matters: a JWT issued before it lives at most the access-token
 * lifetime, and is still accepted for the JWT leeway past its expiry.
 */
export function revocationWindowMs(config: TokenLifetimes): number {
  return (config.ACCESS_TOKEN_TTL_SECONDS + config.JWT_CLOCK_TOLERANCE_SECONDS) * 1000;
}

/**
 * Until when (ms since the epoch) a revocation announced at `occurredAt` matters. Counted from the announcement's
 * own time even when that lies ahead of this host's clock: the tokens it revokes were stamped by the same clock
 * as the announcement, so their expiry is as far ahead. The Redis mark (RevocationEventsConsumer) and each
 * process's memory (RevokedGrantsListener) both live until then.
 */
export function revocationMattersUntil(occurredAt: string, config: TokenLifetimes): number {
  return Date.parse(occurredAt) + revocationWindowMs(config);
}
