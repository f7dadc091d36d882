export * from './app-definition';
export * from './ping.controller';
export * from './run-service';
export * from './service-core.module';
export * from './service-main';
