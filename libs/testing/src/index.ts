export * from './boot-app';
export * from './free-port';
export * from './nats-server';
export * from './rpc';
export * from './test-database';
export * from './test-infrastructure';
export * from './thrown-by';
