import { pingContract } from '../health/ping.contract';
import { authorizeStartContract } from './authorize-request.contract';
import {
  listAuthorizedAppsContract,
  listConsentsContract,
  revokeAuthorizedAppContract,
  revokeConsentContract,
} from './consent.contract';
import { getInteractionContract, submitConsentContract, submitSignInContract } from './interaction.contract';
import { endSessionContract } from './session.contract';

export * from './authorize-request.contract';
export * from './consent.contract';
export * from './interaction.contract';
export * from './session.contract';

export const AUTHORIZE_PING = 'authorize.health.ping.v1';
/** GET/POST /oauth/authorize: answers a redirect to the client or the hosted page to show. */
export const AUTHORIZE_REQUEST_START = 'authorize.request.start.v1';
/** GET /sign-in and /consent: the page an interaction is waiting on. */
export const AUTHORIZE_INTERACTION_GET = 'authorize.interaction.get.v1';
export const AUTHORIZE_SIGN_IN_SUBMIT = 'authorize.sign_in.submit.v1';
export const AUTHORIZE_CONSENT_SUBMIT = 'authorize.consent.submit.v1';
export const AUTHORIZE_SESSION_END = 'authorize.session.end.v1';
/** Admin API: GET /v1/users/{id}/oauth_consents and DELETE …/{client_id}. */
export const AUTHORIZE_CONSENTS_LIST = 'authorize.consents.list.v1';
export const AUTHORIZE_CONSENT_REVOKE = 'authorize.consent.revoke.v1';
/** /account/authorized-apps: the signed-in user's own consents. */
export const AUTHORIZE_AUTHORIZED_APPS_LIST = 'authorize.authorized_apps.list.v1';
export const AUTHORIZE_AUTHORIZED_APP_REVOKE = 'authorize.authorized_app.revoke.v1';

export const authorizeContracts = {
  [AUTHORIZE_PING]: pingContract,
  [AUTHORIZE_REQUEST_START]: authorizeStartContract,
  [AUTHORIZE_INTERACTION_GET]: getInteractionContract,
  [AUTHORIZE_SIGN_IN_SUBMIT]: submitSignInContract,
  [AUTHORIZE_CONSENT_SUBMIT]: submitConsentContract,
  [AUTHORIZE_SESSION_END]: endSessionContract,
  [AUTHORIZE_CONSENTS_LIST]: listConsentsContract,
  [AUTHORIZE_CONSENT_REVOKE]: revokeConsentContract,
  [AUTHORIZE_AUTHORIZED_APPS_LIST]: listAuthorizedAppsContract,
  [AUTHORIZE_AUTHORIZED_APP_REVOKE]: revokeAuthorizedAppContract,
} as const;
