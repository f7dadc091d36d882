import { Module, type DynamicModule } from '@nestjs/common';
import type { Logger } from '@tessera/logging';
import { RedisModule } from '@tessera/redis';
import { ServiceCoreModule } from '@tessera/service-kit';

import { USERINFO_CONFIG, type UserinfoConfig } from './userinfo.config';

@Module({})
export class UserinfoModule {
  static register(config: UserinfoConfig, logger: Logger): DynamicModule {
    return {
      module: UserinfoModule,
      imports: [
        ServiceCoreModule.forService({
          service: 'userinfo',
          natsUrl: config.NATS_URL,
          requestTimeoutMs: config.NATS_REQUEST_TIMEOUT_MS,
          logger,
        }),
        RedisModule.forService({
          url: config.REDIS_URL,
          namespace: config.REDIS_NAMESPACE,
          owner: 'userinfo',
        }),
      ],
      providers: [{ provide: USERINFO_CONFIG, useValue: config }],
    };
  }
}
