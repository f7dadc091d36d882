import { Global, Inject, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from '@tessera/logging';
import type { NatsConnection } from 'nats';
import { connectNats } from './nats-connection';
import { RpcClient } from './rpc-client';
import { NATS_CONNECTION, NATS_LOGGER, NATS_REQUEST_TIMEOUT_MS } from './tokens';

export interface NatsClientOptions {
  url: string;
  connectionName: string;
  requestTimeoutMs: number;
  logger: Logger;
}

/** Provides the process's NATS connection and the typed RpcClient; drains the connection on shutdown. */
@Global()
@Module({})
export class NatsClientModule implements OnApplicationShutdown {
  constructor(@Inject(NATS_CONNECTION) private readonly connection: NatsConnection) {}

  static forRoot(options: NatsClientOptions): DynamicModule {
    return {
      module: NatsClientModule,
      providers: [
        {
          provide: NATS_CONNECTION,
          useFactory: () => connectNats(options.url, options.connectionName),
        },
        {
          provide: NATS_REQUEST_TIMEOUT_MS,
          useValue: options.requestTimeoutMs,
        },
        { provide: NATS_LOGGER, useValue: options.logger },
        RpcClient,
      ],
      exports: [NATS_CONNECTION, RpcClient],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.connection.isClosed()) await this.connection.drain().catch(() => this.connection.close());
  }
}
