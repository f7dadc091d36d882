import { Module, type DynamicModule } from '@nestjs/common';
import type { Logger } from '@tessera/logging';
import { NatsClientModule } from '@tessera/nats';
import { HealthModule } from '@tessera/health';
import { AdminAuthGuard } from './admin/admin-auth.guard';
import { GATEWAY_CONFIG, type GatewayConfig } from './gateway.config';
import { DiscoveryController } from './oauth/discovery/discovery.controller';
import { JwksCache } from './oauth/jwks/jwks-cache.service';
import { JwksController } from './oauth/jwks/jwks.controller';

@Module({})
export class GatewayModule {
  static register(config: GatewayConfig, logger: Logger): DynamicModule {
    return {
      module: GatewayModule,
      imports: [
        HealthModule,
        NatsClientModule.forRoot({
          url: config.NATS_URL,
          connectionName: 'gateway',
          requestTimeoutMs: config.NATS_REQUEST_TIMEOUT_MS,
          logger,
        }),
      ],
      controllers: [DiscoveryController, JwksController],
      providers: [{ provide: GATEWAY_CONFIG, useValue: config }, JwksCache, AdminAuthGuard],
    };
  }
}
