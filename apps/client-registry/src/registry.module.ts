import { Module, type DynamicModule } from '@nestjs/common';
import { DatabaseModule, type EntityClass } from '@tessera/database';
import { clientChangeListener, EventsModule } from '@tessera/events';
import type { Logger } from '@tessera/logging';
import { RedisModule } from '@tessera/redis';
import { ServiceCoreModule } from '@tessera/service-kit';
import { ApplicationEntity } from './applications/application.entity';
import { ApplicationsController } from './applications/applications.controller';
import { ApplicationsService } from './applications/applications.service';
import { ClientCache } from './applications/client-cache';
import { AuthorizationCheckService } from './clients/authorization-check.service';
import { ClientAuthenticationService } from './clients/client-authentication.service';
import { ClientDirectory } from './clients/client-directory.service';
import { ClientsController } from './clients/clients.controller';
import { registryMigrations } from './migrations';
import { RelayLagMetric } from './observability/relay-lag.metric';
import { RegistrationRateLimiter } from './registration/registration-rate-limiter';
import { RegistrationController } from './registration/registration.controller';
import { RegistrationService } from './registration/registration.service';
import { REGISTRY_CONFIG, type RegistryConfig } from './registry.config';
import { REGISTRY_LOGGER } from './registry.logger';

export const REGISTRY_SCHEMA = 'registry';

export const registryEntities: EntityClass[] = [ApplicationEntity];

@Module({})
export class RegistryModule {
  static register(config: RegistryConfig, logger: Logger): DynamicModule {
    return {
      module: RegistryModule,
      imports: [
        ServiceCoreModule.forService({
          service: 'client-registry',
          natsUrl: config.NATS_URL,
          requestTimeoutMs: config.NATS_REQUEST_TIMEOUT_MS,
          logger,
        }),
        DatabaseModule.forService({
          url: config.DATABASE_URL,
          schema: REGISTRY_SCHEMA,
          entities: registryEntities,
          migrations: registryMigrations,
          poolSize: config.DATABASE_POOL_SIZE,
          runMigrations: config.MIGRATIONS_RUN_AT_START,
        }),
        RedisModule.forService({
          url: config.REDIS_URL,
          namespace: config.REDIS_NAMESPACE,
          owner: 'registry',
        }),
        EventsModule.forService({ schema: REGISTRY_SCHEMA, logger }),
      ],
      controllers: [ApplicationsController, ClientsController, RegistrationController],
      providers: [
        { provide: REGISTRY_CONFIG, useValue: config },
        { provide: REGISTRY_LOGGER, useValue: logger },
        { provide: ClientCache, useFactory: () => new ClientCache() },
        clientChangeListener({
          cache: ClientCache,
          forget: (cache: ClientCache, clientId) => cache.invalidate(clientId),
          logger: REGISTRY_LOGGER,
        }),
        RelayLagMetric,
        ApplicationsService,
        ClientDirectory,
        ClientAuthenticationService,
        AuthorizationCheckService,
        RegistrationRateLimiter,
        RegistrationService,
      ],
    };
  }
}
