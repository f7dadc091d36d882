import type { EventEnvelope } from '@tessera/contracts';
import type { Logger } from '@tessera/logging';
import type { NatsConnection } from 'nats';
import type { UserinfoConfig } from '../userinfo.config';
import { RevocationEventsConsumer } from './revocation-events.consumer';
import { revocationMattersUntil, revocationWindowMs } from './revocation-lifetime';
import type { RevokedGrants } from './revoked-grants.store';

const lifetimes = { ACCESS_TOKEN_TTL_SECONDS: 3600, JWT_CLOCK_TOLERANCE_SECONDS: 5 };

describe('how long a revocation matters', () => {
  it('is the access-token lifetime and the JWT leeway, counted from the announcement', () => {
    expect(revocationWindowMs(lifetimes)).toBe(3_605_000);
    expect(revocationMattersUntil('2026-11-27T10:00:00.000Z', lifetimes)).toBe(Date.parse('2026-11-27T11:00:05.000Z'));
  });

  describe('the Redis mark RevocationEventsConsumer writes', () => {
    const marks: Array<[string, number]> = [];
    const consumer = new RevocationEventsConsumer(
      {} as NatsConnection,
      { mark: async (grantId: string, ttlSeconds: number) => void marks.push([grantId, ttlSeconds]) } as RevokedGrants,
      lifetimes as UserinfoConfig,
      {} as Logger,
    );
    const revoked = (grantId: string, occurredAtMs: number): EventEnvelope =>
      ({
        id: 'evt_1',
        type: 'oauth_token.revoked',
        aggregateId: grantId,
        occurredAt: new Date(occurredAtMs).toISOString(),
        actor: { type: 'system' },
        payload: { grantId, userId: 'user_1', clientId: 'client_1', reason: 'revoked_by_client' },
      }) as unknown as EventEnvelope;

    beforeEach(() => {
      marks.length = 0;
    });

    it('lives for the rest of the window of a revocation announced earlier', async () => {
      await consumer.handle(revoked('grant_past', Date.now() - 600_000));
      expect(marks).toHaveLength(1);
      expect(marks[0][0]).toBe('grant_past');
      expect(marks[0][1]).toBeGreaterThanOrEqual(3005);
      expect(marks[0][1]).toBeLessThanOrEqual(3006);
    });

    it('lives past the window from now when the announcement is dated ahead of this clock', async () => {
      // The tokens it revokes were stamped by the clock that dated it: they expire as far ahead.
      await consumer.handle(revoked('grant_ahead', Date.now() + 30_000));
      expect(marks[0][1]).toBeGreaterThanOrEqual(3635);
      expect(marks[0][1]).toBeLessThanOrEqual(3636);
    });

    it('is not written for a revocation older than the window', async () => {
      await consumer.handle(revoked('grant_old', Date.now() - 3_606_000));
      expect(marks).toEqual([]);
    });
  });
});
