export * from './expiring-map';
