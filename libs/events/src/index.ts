export * from './event-consumer';
export * from './event-stream';
export * from './events.module';
export * from './outbox';
export * from './outbox-relay';
