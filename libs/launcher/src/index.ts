export * from './apps';
export * from './check-dependencies';
export * from './launch-stack';
export * from './log-formatter';
export * from './memory-settings';
