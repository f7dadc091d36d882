import type { ExchangeClient } from '@tessera/contracts';

/**
 * When a code exchange issues a refresh token: when `offline_access` was granted, or — like Clerk, which hands
 * refresh tokens to confidential clients whatever the scope — when the client is confidential. A public client
 * without `offline_access` never gets one. Every refresh then rotates it.
 */
export function issuesRefreshToken(scopes: readonly string[], client: Pick<ExchangeClient, 'public'>): boolean {
  return scopes.includes('offline_access') || !client.public;
}
