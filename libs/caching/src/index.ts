export * from './expiring-map';
export * from './grouped-memory';
