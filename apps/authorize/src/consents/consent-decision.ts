import type { ClientView, OrganizationSummary } from '@tessera/contracts';
import type { AuthorizeRequest } from '../authorize-request/authorize-request';

/** The scope that binds an organization to the grant (Clerk's org selector on the consent page). */
export const ORGANIZATION_SCOPE = 'user:org:read';

/**
 * Does this request need the consent page? prompt=consent always shows it. Otherwise, clients with the consent
 * screen disabled skip it (dynamically registered ones never do: anyone can register one), and so does a
 * request for scopes the user already granted this client.
 */
export function consentPageNeeded(
  client: Pick<ClientView, 'consentScreenEnabled' | 'dynamicallyRegistered'>,
  request: Pick<AuthorizeRequest, 'scopes' | 'prompt'>,
  rememberedScopes: readonly string[] | undefined,
): boolean {
  if (request.prompt.includes('consent')) return true;
  if (!client.consentScreenEnabled && !client.dynamicallyRegistered) return false;
  if (rememberedScopes === undefined) return true;
  return !request.scopes.every((scope) => rememberedScopes.includes(scope));
}

/**
 * The organization a grant is bound to when no page asked: the remembered one while the user is still a member,
 * else the user's first organization (the accounts service lists them in a stable order), else none.
 */
export function organizationWithoutPage(
  scopes: readonly string[],
  rememberedOrganizationId: string | null | undefined,
  organizations: readonly Pick<OrganizationSummary, 'id'>[],
): string | undefined {
  if (!scopes.includes(ORGANIZATION_SCOPE)) return undefined;
  if (rememberedOrganizationId && organizations.some((org) => org.id === rememberedOrganizationId)) {
    return rememberedOrganizationId;
  }
  return organizations[0]?.id;
}

/** How a grant was agreed to: Allow pressed on the consent page, or no page needed (see consentPageNeeded). */
export type ConsentSource =
  { kind: 'page' } | { kind: 'without_page'; rememberedScopes: readonly string[] | undefined };

/**
 * Does this grant announce `oauth_authorization.granted`? Only when the user authorized something: Allow on the
 * page (even for scopes granted before: prompt=consent asked again), or, without a page, scopes not yet
 * remembered (a client with the consent screen disabled). A code issued silently under a remembered consent
 * authorizes nothing new; the token service's `oauth_token.created` records each such grant.
 */
export function announcesGrant(source: ConsentSource, scopes: readonly string[]): boolean {
  if (source.kind === 'page') return true;
  const remembered = source.rememberedScopes;
  return remembered === undefined || !scopes.every((scope) => remembered.includes(scope));
}
