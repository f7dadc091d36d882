export * from './event-actors';
export * from './event-catalog';
export * from './event-envelope';
