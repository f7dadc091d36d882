/** The scopes Tessera grants (Clerk's set). Discovery advertises exactly these. */
export const SUPPORTED_SCOPES = [
  'openid',
  'profile',
  'email',
  'public_metadata',
  'private_metadata',
  'offline_access',
  'user:org:read',
] as const;
