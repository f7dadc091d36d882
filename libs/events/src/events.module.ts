import {
  Global,
  Inject,
  Module,
  type DynamicModule,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { EventEnvelope, EventType } from '@tessera/contracts';
import type { Logger } from '@tessera/logging';
import { NATS_CONNECTION } from '@tessera/nats';
import type { NatsConnection } from 'nats';
import { DataSource, type EntityManager } from 'typeorm';
import { Outbox, type NewEvent } from './outbox';
import { OutboxRelay } from './outbox-relay';

const OUTBOX_RELAY = Symbol('OUTBOX_RELAY');

/** Records a domain event in the current transaction; see EventPublisher.transaction. */
export type Emit = <T extends EventType>(event: NewEvent<T>) => Promise<EventEnvelope>;

/**
 * How a service publishes domain events: inside the transaction of the change (the outbox), relayed to
 * JetStream once it commits. Use `transaction` for a change and its events together, or `record` with a
 * transaction you already have (then call `committed()` after it commits).
 */
export class EventPublisher {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly relay: OutboxRelay,
  ) {}

  async transaction<T>(work: (manager: EntityManager, emit: Emit) => Promise<T>): Promise<T> {
    const result = await this.dataSource.transaction((manager) =>
      work(manager, (event) => this.outbox.add(manager, event)),
    );
    this.committed();
    return result;
  }

  record<T extends EventType>(manager: EntityManager, event: NewEvent<T>): Promise<EventEnvelope> {
    return this.outbox.add(manager, event);
  }

  /** Tells the relay that events were committed, so they go out now rather than at the next poll. */
  committed(): void {
    this.relay.kick();
  }

  /** Seconds the oldest unpublished event has waited (for metrics and readiness). */
  lagSeconds(): Promise<number> {
    return this.relay.lagSeconds();
  }
}

export interface EventsModuleOptions {
  /** The service's Postgres schema; its migrations must include `outboxMigration(schema, …)`. */
  schema: string;
  logger: Logger;
}

/** Gives a service an EventPublisher and runs its outbox relay from bootstrap to shutdown. */
@Global()
@Module({})
export class EventsModule implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(@Inject(OUTBOX_RELAY) private readonly relay: OutboxRelay) {}

  static forService(options: EventsModuleOptions): DynamicModule {
    return {
      module: EventsModule,
      providers: [
        {
          provide: OUTBOX_RELAY,
          inject: [DataSource, NATS_CONNECTION],
          useFactory: (dataSource: DataSource, connection: NatsConnection) =>
            new OutboxRelay({ dataSource, schema: options.schema, connection, logger: options.logger }),
        },
        {
          provide: EventPublisher,
          inject: [DataSource, OUTBOX_RELAY],
          useFactory: (dataSource: DataSource, relay: OutboxRelay) =>
            new EventPublisher(dataSource, new Outbox(options.schema), relay),
        },
      ],
      exports: [EventPublisher],
    };
  }

  onApplicationBootstrap(): void {
    this.relay.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.relay.stop();
  }
}
