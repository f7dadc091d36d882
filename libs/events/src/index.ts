export * from './deletion-consumer';
export * from './event-consumer';
export * from './event-publisher';
export * from './event-stream';
export * from './events.module';
export * from './outbox';
export * from './outbox-relay';
export * from './subject-filter';
