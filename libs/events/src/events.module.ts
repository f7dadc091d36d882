import {
  Global,
  Inject,
  Module,
  type DynamicModule,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { Logger } from '@tessera/logging';
import { NATS_CONNECTION } from '@tessera/nats';
import type { NatsConnection } from 'nats';
import { DataSource } from 'typeorm';
import { EventPublisher } from './event-publisher';
import { Outbox } from './outbox';
import { OutboxRelay } from './outbox-relay';

const OUTBOX_RELAY = Symbol('OUTBOX_RELAY');

export interface EventsModuleOptions {
  /** The service's Postgres schema; its migrations must include `outboxMigration(schema, …)`. */
  schema: string;
  /** The service's logger: the relay's warnings and one `change committed` line per committed event. */
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
            new EventPublisher(dataSource, new Outbox(options.schema), relay, options.logger),
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
