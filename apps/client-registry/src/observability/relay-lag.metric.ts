import { Injectable, type OnModuleInit } from '@nestjs/common';
import { EventPublisher } from '@tessera/events';
import { eventRelayLagGauge, HealthRegistry } from '@tessera/health';

/** Serves the outbox relay lag on /metrics, read at each scrape. */
@Injectable()
export class RelayLagMetric implements OnModuleInit {
  constructor(
    private readonly events: EventPublisher,
    private readonly health: HealthRegistry,
  ) {}

  onModuleInit(): void {
    this.health.registerGauge(eventRelayLagGauge(this.events));
  }
}
