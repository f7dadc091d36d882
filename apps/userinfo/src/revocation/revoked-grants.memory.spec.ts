import { RevokedGrantsMemory } from './revoked-grants.memory';

describe('RevokedGrantsMemory', () => {
  let clock: number;
  const now = () => clock;
  const memory = (maxEntries = 100, trustMs = 1000) => new RevokedGrantsMemory({ maxEntries, trustMs }, now);

  beforeEach(() => {
    clock = 1_000_000;
  });

  it('does not answer until a confirmation says it has seen every revocation', () => {
    const revoked = memory();
    revoked.remember('grant_a', clock + 60_000);
    expect(revoked.answer('grant_a')).toBeUndefined();
    expect(revoked.answer('grant_b')).toBeUndefined();
    expect(revoked.isTrusted()).toBe(false);

    revoked.confirmCaughtUp(clock);
    expect(revoked.answer('grant_a')).toBe(true);
    expect(revoked.answer('grant_b')).toBe(false);
    expect(revoked.isTrusted()).toBe(true);
  });

  it('stops answering trustMs after the moment the last confirmation was asked for', () => {
    const revoked = memory(100, 1000);
    revoked.confirmCaughtUp(clock - 200);
    clock += 799;
    expect(revoked.answer('grant_a')).toBe(false);
    clock += 1;
    expect(revoked.answer('grant_a')).toBeUndefined();
    revoked.confirmCaughtUp(clock);
    expect(revoked.answer('grant_a')).toBe(false);
  });

  it('keeps the later of two confirmations that arrive out of order', () => {
    const revoked = memory(100, 1000);
    revoked.confirmCaughtUp(clock);
    revoked.confirmCaughtUp(clock - 500);
    clock += 999;
    expect(revoked.answer('grant_a')).toBe(false);
  });

  it('stops answering at an interruption, and ignores confirmations asked for before it', () => {
    const revoked = memory();
    const askedBefore = clock;
    revoked.confirmCaughtUp(askedBefore);
    clock += 10;
    revoked.interrupted();
    expect(revoked.answer('grant_a')).toBeUndefined();

    revoked.confirmCaughtUp(askedBefore); // a probe sent before the interruption, answered after it
    expect(revoked.answer('grant_a')).toBeUndefined();
    clock += 5;
    revoked.confirmCaughtUp(clock);
    expect(revoked.answer('grant_a')).toBe(false);
  });

  it('answers a revocation as revoked until its tokens have expired, then not', () => {
    const revoked = memory();
    revoked.remember('grant_a', clock + 5_000);
    clock += 4_000;
    revoked.confirmCaughtUp(clock);
    expect(revoked.answer('grant_a')).toBe(true);
    clock += 999;
    revoked.confirmCaughtUp(clock);
    expect(revoked.answer('grant_a')).toBe(true);
    clock += 1;
    expect(revoked.answer('grant_a')).toBe(false);
  });

  it('ignores a revocation whose tokens have all expired already, and keeps the later end of a repeated one', () => {
    const revoked = memory();
    revoked.remember('grant_old', clock);
    expect(revoked.size).toBe(0);

    revoked.remember('grant_a', clock + 1_000);
    revoked.remember('grant_a', clock + 9_000);
    revoked.remember('grant_a', clock + 2_000);
    clock += 5_000;
    revoked.confirmCaughtUp(clock);
    expect(revoked.answer('grant_a')).toBe(true);
    expect(revoked.size).toBe(1);
  });

  it('forgets expired revocations from the oldest on, or everywhere', () => {
    const revoked = memory();
    revoked.remember('grant_1', clock + 1_000);
    revoked.remember('grant_2', clock + 3_000);
    revoked.remember('grant_3', clock + 2_000);
    revoked.remember('grant_4', clock + 1_500);
    clock += 2_500;

    revoked.forgetExpired();
    expect(revoked.size).toBe(3); // stopped at grant_2, still in force
    revoked.forgetExpired(true);
    expect(revoked.size).toBe(1);
    revoked.confirmCaughtUp(clock);
    expect(revoked.answer('grant_2')).toBe(true);
  });

  it('when full, makes room from the expired ones first', () => {
    const revoked = memory(2);
    revoked.remember('grant_1', clock + 1_000);
    revoked.remember('grant_2', clock + 5_000);
    clock += 2_000;
    revoked.remember('grant_3', clock + 5_000);
    revoked.confirmCaughtUp(clock);
    expect(revoked.isTrusted()).toBe(true);
    expect(revoked.answer('grant_3')).toBe(true);
    expect(revoked.size).toBe(2);
  });

  it('with no room left, stops answering until the revocation it could not keep has expired', () => {
    const revoked = memory(2);
    revoked.remember('grant_1', clock + 10_000);
    revoked.remember('grant_2', clock + 10_000);
    revoked.remember('grant_3', clock + 4_000);
    revoked.confirmCaughtUp(clock);
    expect(revoked.answer('grant_3')).toBeUndefined();
    expect(revoked.answer('grant_1')).toBeUndefined();
    expect(revoked.isTrusted()).toBe(false);

    clock += 4_000;
    revoked.confirmCaughtUp(clock);
    expect(revoked.answer('grant_3')).toBe(false);
    expect(revoked.answer('grant_1')).toBe(true);
  });
});
