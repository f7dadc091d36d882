import type { ConsentView } from '@tessera/contracts';

/**
 * A remembered consent as the admin API shows it, in the style of Clerk's objects: snake_case, scopes as one
 * space-separated string (like an OAuthApplication's), Unix-millisecond timestamps.
 */
export function presentConsent(consent: ConsentView) {
  return {
    object: 'oauth_consent' as const,
    id: consent.id,
    user_id: consent.userId,
    client_id: consent.clientId,
    scopes: consent.scopes.join(' '),
    organization_id: consent.organizationId,
    created_at: consent.createdAt,
    updated_at: consent.updatedAt,
  };
}
