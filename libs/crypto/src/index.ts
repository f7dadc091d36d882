export * from './hashing';
export * from './key-encryption';
export * from './random';
