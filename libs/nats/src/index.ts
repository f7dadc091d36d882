export * from './handles.decorator';
export * from './nats-client.module';
export * from './nats-connection';
export * from './request-context.interceptor';
export * from './rpc-client';
export * from './rpc-error.filter';
export * from './tessera-nats.server';
export * from './tokens';
