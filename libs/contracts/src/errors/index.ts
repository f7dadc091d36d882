export * from './api-errors';
export * from './error-envelope';
export * from './oauth-errors';
export * from './tessera-error';
