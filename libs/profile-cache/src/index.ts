export * from './profile-cache';
export * from './profile-invalidation';
export * from './profile-source';
export * from './profile-cache.providers';
export * from './remembered-profiles';
export * from './profile-change-listener';
