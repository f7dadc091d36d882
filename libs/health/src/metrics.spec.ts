import { ServiceMetrics } from './metrics';

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
