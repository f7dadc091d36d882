import { MAX_RETRY_DELAY_MS, retryDelayMs } from './webhook-retry';

describe('retryDelayMs', () => {
  const noJitter = () => 0;

  it('grows four times per failure from the base', () => {
    expect([1, 2, 3, 4, 5].map((failures) => retryDelayMs(failures, 5000, noJitter))).toEqual([
      5000, 20_000, 80_000, 320_000, 1_280_000,
    ]);
  });

  it('is capped', () => {
    expect(retryDelayMs(30, 5000, noJitter)).toBe(MAX_RETRY_DELAY_MS);
  });

  it('adds at most 10 % jitter', () => {
    expect(retryDelayMs(1, 5000, () => 0.5)).toBe(5250);
    expect(retryDelayMs(1, 5000, () => 0.99)).toBeLessThan(5500);
  });
});
