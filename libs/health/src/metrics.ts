import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

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
    collectDefaultMetrics({ register: this.registry });
  }
}
