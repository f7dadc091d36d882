import { eventCatalog, type EventEnvelope } from '@tessera/contracts';
import type { UserinfoConfig } from '../userinfo.config';

/** The announcement both the Redis marks and each process's memory are kept from. */
export const REVOKED = eventCatalog['oauth_token.revoked'];

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

/**
 * The grant an `oauth_token.revoked` event revokes, and until when that matters: what RevocationEventsConsumer
 * marks in Redis and RevokedGrantsListener remembers, read from the event in one place.
 */
export function revocationOf(
  event: EventEnvelope,
  config: TokenLifetimes,
): { grantId: string; mattersUntilMs: number } {
  const { grantId } = REVOKED.payload.parse(event.payload);
  return { grantId, mattersUntilMs: revocationMattersUntil(event.occurredAt, config) };
}
