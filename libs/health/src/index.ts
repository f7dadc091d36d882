export * from './health-registry';
export * from './health-server';
export * from './health.module';
export * from './metrics';
