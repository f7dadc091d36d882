import { defineService } from '@tessera/service-kit';
import { userinfoConfigSchema } from './userinfo.config';
import { UserinfoModule } from './userinfo.module';

/** The userinfo service as a runnable definition: main.ts runs it, tests boot it in-process. */
export const userinfoApp = defineService({
  service: 'userinfo',
  configSchema: userinfoConfigSchema,
  rootModule: (config, logger) => UserinfoModule.register(config, logger),
});
