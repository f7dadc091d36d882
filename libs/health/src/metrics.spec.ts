import { EVENT_LOOP_LAG_RESOLUTION_MS, ServiceMetrics } from './metrics';

const sampleOf = async (metrics: ServiceMetrics, name: string) =>
  (await metrics.registry.metrics()).split('\n').find((line) => line.startsWith(`${name}{`));

describe('ServiceMetrics.addScrapedGauge', () => {
  it('reads the value at each scrape', async () => {
    const metrics = new ServiceMetrics('test');
    let lag = 0;
    metrics.addScrapedGauge({ name: 'test_lag_seconds', help: 'lag', read: async () => lag });
    expect(await sampleOf(metrics, 'test_lag_seconds')).toBe('test_lag_seconds{service="test"} 0');
    lag = 2.5;
    expect(await sampleOf(metrics, 'test_lag_seconds')).toBe('test_lag_seconds{service="test"} 2.5');
  });

  it('reports NaN, not a failed scrape, when the read fails', async () => {
    const metrics = new ServiceMetrics('test');
    metrics.addScrapedGauge({
      name: 'test_lag_seconds',
      help: 'lag',
      read: () => Promise.reject(new Error('database down')),
    });
    expect(await sampleOf(metrics, 'test_lag_seconds')).toBe('test_lag_seconds{service="test"} Nan');
  });
});

describe('ServiceMetrics default metrics', () => {
  /** Keeps the event loop busy for `ms`, as a handler that never yields would. */
  const blockEventLoop = (ms: number) => {
    const until = Date.now() + ms;
    while (Date.now() < until) {
      // spin
    }
  };
  const secondsIn = (line: string | undefined) => Number(line?.split(' ').pop());

  it('still sees an event-loop stall at its coarser sampling', async () => {
    const metrics = new ServiceMetrics('test');
    await metrics.registry.metrics(); // a scrape resets the lag histogram: what follows measures from here
    // The first sample after a reset only starts the clock; let it and one more come before the stall.
    await new Promise((resolve) => setTimeout(resolve, 2.5 * EVENT_LOOP_LAG_RESOLUTION_MS));
    blockEventLoop(3 * EVENT_LOOP_LAG_RESOLUTION_MS);
    // Let the sampling timer that came due during the stall fire, late.
    await new Promise((resolve) => setTimeout(resolve, 2 * EVENT_LOOP_LAG_RESOLUTION_MS));
    const max = secondsIn(await sampleOf(metrics, 'nodejs_eventloop_lag_max_seconds'));
    expect(max).toBeGreaterThanOrEqual((3 * EVENT_LOOP_LAG_RESOLUTION_MS) / 1000);
  });
});
