import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { Gauge, type Registry } from 'prom-client';

/**
 * How often the event loop's delay is sampled. prom-client's default, every 10 ms, is a timer that wakes the
 * process 100 times a second whether or not it has work: measured on an idle stack, 10–15 ms of CPU a second on
 * each of the six main threads, and wake-ups a service waiting for its next message pays under load too. Every
 * 100 ms, a stall of 100 ms or more is seen (but for one that starts within the first interval after a scrape:
 * Node's histogram starts its clock again when reset), and a shorter one in proportion to its length.
 */
export const EVENT_LOOP_LAG_RESOLUTION_MS = 100;

/**
 * prom-client's own delay histogram, whose gauges registerEventLoopLag replaces: it cannot be left out of the
 * default metrics, so it samples once a minute, where its timer costs nothing.
 */
export const PROM_CLIENT_LAG_RESOLUTION_MS = 60_000;

type Statistic = (histogram: IntervalHistogram) => number;

/** The gauges prom-client derives from its histogram, by name, with what each reads. */
const STATISTICS: ReadonlyArray<{ name: string; help: string; read: Statistic; isDelay: boolean }> = [
  { name: 'min', help: 'The minimum recorded event loop delay.', read: (h) => h.min, isDelay: true },
  { name: 'max', help: 'The maximum recorded event loop delay.', read: (h) => h.max, isDelay: true },
  { name: 'mean', help: 'The mean of the recorded event loop delays.', read: (h) => h.mean, isDelay: true },
  // A spread, not a delay: the sampling interval is not in it.
  {
    name: 'stddev',
    help: 'The standard deviation of the recorded event loop delays.',
    read: (h) => h.stddev,
    isDelay: false,
  },
  ...[50, 90, 99].map((percentile) => ({
    name: `p${percentile}`,
    help: `The ${percentile}th percentile of the recorded event loop delays.`,
    read: (h: IntervalHistogram) => h.percentile(percentile),
    isDelay: true,
  })),
];

/**
 * `nodejs_eventloop_lag_{min,max,mean,stddev,p50,p90,p99}_seconds` at EVENT_LOOP_LAG_RESOLUTION_MS, in place of
 * prom-client's (call after collectDefaultMetrics). Node's histogram records the interval between two samples, so
 * prom-client's gauges read the sampling interval itself on an idle process (0.01 s at its default); these read the
 * delay beyond it, as the name says: 0 when idle, and a stall's length less at most one interval. Like
 * prom-client's, each scrape reports the samples since the one before.
 */
export function registerEventLoopLag(registry: Registry): void {
  const histogram = monitorEventLoopDelay({ resolution: EVENT_LOOP_LAG_RESOLUTION_MS });
  histogram.enable();
  const intervalSeconds = EVENT_LOOP_LAG_RESOLUTION_MS / 1000;
  const gauges: Gauge[] = [];
  // One reading sets every gauge, in the collect of the first: the registry collects its metrics in the order they
  // were registered, so the others are set before they are read. Then the next scrape's samples start.
  const setAll = () => {
    // No sample since the last scrape (scraped again within one interval, or before the first): an empty
    // histogram's statistics are not delays (its min is 2^63 ns, its mean NaN), so every gauge reads 0.
    const empty = histogram.count === 0;
    STATISTICS.forEach(({ read, isDelay }, index) => {
      const seconds = empty ? 0 : read(histogram) / 1e9;
      gauges[index].set(isDelay ? Math.max(0, seconds - intervalSeconds) : seconds);
    });
    histogram.reset();
  };
  STATISTICS.forEach(({ name, help }, index) => {
    const metricName = `nodejs_eventloop_lag_${name}_seconds`;
    registry.removeSingleMetric(metricName);
    gauges.push(
      new Gauge({ name: metricName, help, registers: [registry], ...(index === 0 ? { collect: setAll } : {}) }),
    );
  });
}
