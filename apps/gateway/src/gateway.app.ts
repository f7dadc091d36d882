import type { AppDefinition } from '@tessera/service-kit';
import { startGateway, type RunningGateway } from './gateway.bootstrap';
import { gatewayConfigSchema } from './gateway.config';

/** The gateway as a runnable definition: main.ts runs it, tests boot it in-process. */
export const gatewayApp: AppDefinition<typeof gatewayConfigSchema, RunningGateway> = {
  name: 'gateway',
  configSchema: gatewayConfigSchema,
  start: startGateway,
};
