export * from './event-consumer';
export * from './event-stream';
export * from './outbox';
export * from './outbox-relay';
