import { Global, Module } from '@nestjs/common';
import { HealthRegistry } from './health-registry';

/** Makes the process's HealthRegistry injectable everywhere, so each dependency's module registers its check. */
@Global()
@Module({ providers: [HealthRegistry], exports: [HealthRegistry] })
export class HealthModule {}
