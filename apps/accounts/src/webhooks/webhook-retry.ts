/** No retry waits longer than this, whatever the base and the number of failures. */
export const MAX_RETRY_DELAY_MS = 6 * 60 * 60 * 1000;

/**
 * How long to wait after the `failures`-th failed attempt: `base × 4^(failures − 1)`, capped, plus up to 10 %
 * jitter so that the deliveries of one outage do not all come back at the same instant. With the default 5 s
 * base: 5 s, 20 s, 80 s, 5 min, 21 min, 85 min, 5.7 h.
 */
export function retryDelayMs(failures: number, baseMs: number, random: () => number = Math.random): number {
  const delay = Math.min(baseMs * 4 ** Math.max(0, failures - 1), MAX_RETRY_DELAY_MS);
  return Math.round(delay * (1 + random() * 0.1));
}
