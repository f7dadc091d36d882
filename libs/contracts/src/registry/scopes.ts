/**
 * The scopes an OAuth application may hold (Clerk's set). Discovery advertises exactly these, the registry
 * refuses any other, and a client registered without `scope` gets all of them: a client that asks for what
 * discovery advertises must not be refused (the DCR `invalid_scope` trap, see the Clerk reference §6.1).
 */
export const SUPPORTED_SCOPES = [
  'openid',
  'profile',
  'email',
  'public_metadata',
  'private_metadata',
  'offline_access',
  'user:org:read',
] as const;
export type SupportedScope = (typeof SUPPORTED_SCOPES)[number];

/** Scopes of an application created through the admin API without `scopes` (Clerk's default). */
export const DEFAULT_APPLICATION_SCOPES: readonly SupportedScope[] = ['profile', 'email'];

/** Scopes an authorization request gets when it omits `scope` (Clerk's default, RFC 6749 §3.3). */
export const DEFAULT_AUTHORIZATION_SCOPES: readonly SupportedScope[] = ['profile', 'email'];

export const isSupportedScope = (scope: string): scope is SupportedScope =>
  (SUPPORTED_SCOPES as readonly string[]).includes(scope);
