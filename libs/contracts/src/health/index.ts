export * from './ping.contract';
