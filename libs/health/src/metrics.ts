import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { PROM_CLIENT_LAG_RESOLUTION_MS, registerEventLoopLag } from './event-loop-lag';
import type { ScrapedGauge } from './health-registry';

/** How long a scraped gauge may take to read before the scrape reports it as unknown (NaN). */
const SCRAPED_GAUGE_DEADLINE_MS = 1000;

/** One Prometheus registry per process with the metrics every service shares. */
export class ServiceMetrics {
  readonly registry = new Registry();

  readonly natsRequests = new Histogram({
    name: 'tessera_nats_request_duration_seconds',
    help: 'NATS requests this process sent, by subject and outcome (ok or an OAuth error code)',
    labelNames: ['subject', 'outcome'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  readonly natsHandled = new Counter({
    name: 'tessera_nats_messages_handled_total',
    help: 'NATS requests this process answered, by subject and outcome',
    labelNames: ['subject', 'outcome'],
    registers: [this.registry],
  });

  constructor(service: string) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry, eventLoopMonitoringPrecision: PROM_CLIENT_LAG_RESOLUTION_MS });
    registerEventLoopLag(this.registry);
  }

  /**
   * Adds a gauge read at each scrape. A read that fails or hangs (its dependency is down) reports NaN for that
   * scrape instead of failing the whole /metrics answer.
   */
  addScrapedGauge({ name, help, read }: ScrapedGauge): void {
    this.registry.registerMetric(
      new Gauge({
        name,
        help,
        registers: [],
        async collect() {
          this.set(await readWithin(read, SCRAPED_GAUGE_DEADLINE_MS));
        },
      }),
    );
  }
}

async function readWithin(read: () => Promise<number>, timeoutMs: number): Promise<number> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<number>((resolve) => {
    timer = setTimeout(() => resolve(Number.NaN), timeoutMs);
  });
  try {
    return await Promise.race([read(), deadline]);
  } catch {
    return Number.NaN;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * `tessera_event_relay_lag_seconds`: how long the oldest committed event has waited in a service's outbox (0
 * when it is empty). It grows while NATS is unreachable; a steady rise means events are not leaving.
 */
export const eventRelayLagGauge = (outbox: { lagSeconds(): Promise<number> }): ScrapedGauge => ({
  name: 'tessera_event_relay_lag_seconds',
  help: 'Seconds the oldest committed event has waited in this service outbox (0 when empty)',
  read: () => outbox.lagSeconds(),
});
