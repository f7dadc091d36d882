import { EVENT_LOOP_LAG_RESOLUTION_MS } from './event-loop-lag';
import { ServiceMetrics } from './metrics';

const STATISTICS = ['min', 'max', 'mean', 'stddev', 'p50', 'p90', 'p99'];

/** One scrape: each `nodejs_eventloop_lag_*` sample line's value, by metric name. */
async function lagReadings(metrics: ServiceMetrics): Promise<Record<string, number[]>> {
  const readings: Record<string, number[]> = {};
  for (const line of (await metrics.registry.metrics()).split('\n')) {
    const match = /^(nodejs_eventloop_lag_\w+_seconds)\{service="test"\} (\S+)$/.exec(line);
    if (match) (readings[match[1]] ??= []).push(Number(match[2]));
  }
  return readings;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Keeps the event loop busy for `ms`, as a handler that never yields would. */
function blockEventLoop(ms: number): void {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    // spin
  }
}

describe('event-loop lag metrics', () => {
  it("replaces prom-client's gauges, once each", async () => {
    const readings = await lagReadings(new ServiceMetrics('test'));
    for (const statistic of STATISTICS) {
      expect(readings[`nodejs_eventloop_lag_${statistic}_seconds`]).toHaveLength(1);
    }
  });

  it('reads the delay beyond the sampling interval: next to nothing on an idle loop', async () => {
    const metrics = new ServiceMetrics('test');
    await lagReadings(metrics); // a scrape starts the samples afresh
    await pause(5 * EVENT_LOOP_LAG_RESOLUTION_MS);
    const readings = await lagReadings(metrics);
    // prom-client's own would read the interval itself, 0.1 s, here.
    expect(readings.nodejs_eventloop_lag_p50_seconds[0]).toBeLessThan(EVENT_LOOP_LAG_RESOLUTION_MS / 1000 / 2);
    expect(readings.nodejs_eventloop_lag_min_seconds[0]).toBeGreaterThanOrEqual(0);
  });

  it('sees a stall of three sampling intervals', async () => {
    const metrics = new ServiceMetrics('test');
    await lagReadings(metrics);
    // The first sample after a scrape only starts the clock; let it and one more come before the stall.
    await pause(2.5 * EVENT_LOOP_LAG_RESOLUTION_MS);
    blockEventLoop(3 * EVENT_LOOP_LAG_RESOLUTION_MS);
    await pause(2 * EVENT_LOOP_LAG_RESOLUTION_MS); // the sample that came due during the stall fires, late
    const readings = await lagReadings(metrics);
    // The stall, less at most one interval.
    expect(readings.nodejs_eventloop_lag_max_seconds[0]).toBeGreaterThanOrEqual(
      (2 * EVENT_LOOP_LAG_RESOLUTION_MS) / 1000,
    );
  });
});
