import type { ApplicationView, ClientView } from '@tessera/contracts';
import type { ApplicationEntity } from './application.entity';

/** What other services know of an application. */
export function toClientView(entity: ApplicationEntity): ClientView {
  return {
    id: entity.id,
    clientId: entity.clientId,
    name: entity.name,
    public: entity.public,
    scopes: [...entity.scopes],
    redirectUris: [...entity.redirectUris],
    // Public clients must always use PKCE (they have no secret to bind the code to); say so here once, so that
    // no consumer has to remember it.
    pkceRequired: entity.pkceRequired || entity.public,
    consentScreenEnabled: entity.consentScreenEnabled,
    dynamicallyRegistered: entity.dynamicallyRegistered,
    accessTokenFormat: entity.accessTokenFormat,
    logoUri: entity.logoUri,
    clientUri: entity.clientUri,
  };
}

/** What the admin API shows: the client view and its timestamps in Unix milliseconds. */
export function toApplicationView(entity: ApplicationEntity): ApplicationView {
  return {
    ...toClientView(entity),
    createdAt: entity.createdAt.getTime(),
    updatedAt: entity.updatedAt.getTime(),
  };
}
