import { Module, type DynamicModule } from '@nestjs/common';
import type { ServiceName } from '@tessera/contracts';
import type { Logger } from '@tessera/logging';
import { NatsClientModule } from '@tessera/nats';
import { HealthModule } from '@tessera/health';
import { pingControllerFor } from './ping.controller';

export interface ServiceCoreOptions {
  service: ServiceName;
  natsUrl: string;
  requestTimeoutMs: number;
  logger: Logger;
}

/** What every service module imports: health registry, the NATS client, and the ping handler. */
@Module({})
export class ServiceCoreModule {
  static forService(options: ServiceCoreOptions): DynamicModule {
    return {
      module: ServiceCoreModule,
      imports: [
        HealthModule,
        NatsClientModule.forRoot({
          url: options.natsUrl,
          connectionName: `${options.service}-client`,
          requestTimeoutMs: options.requestTimeoutMs,
          logger: options.logger,
        }),
      ],
      controllers: [pingControllerFor(options.service)],
    };
  }
}
