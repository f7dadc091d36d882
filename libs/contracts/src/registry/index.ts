import { pingContract } from '../health/ping.contract';
import {
  createApplicationContract,
  deleteApplicationContract,
  getApplicationContract,
  listApplicationsContract,
  rotateApplicationSecretContract,
  updateApplicationContract,
} from './application.contract';
import { checkAuthorizationContract } from './authorization-check.contract';
import { authenticateClientContract, getClientContract } from './client.contract';
import { registerClientContract } from './registration.contract';

export * from './application.contract';
export * from './authorization-check.contract';
export * from './client.contract';
export * from './instance-id';
export * from './registration.contract';
export * from './scopes';

export const REGISTRY_PING = 'registry.health.ping.v1';
export const REGISTRY_CLIENT_GET = 'registry.client.get.v1';
export const REGISTRY_CLIENT_AUTHENTICATE = 'registry.client.authenticate.v1';
export const REGISTRY_CLIENT_REGISTER = 'registry.client.register.v1';
export const REGISTRY_AUTHORIZATION_CHECK = 'registry.authorization.check.v1';
export const REGISTRY_APPLICATION_CREATE = 'registry.application.create.v1';
export const REGISTRY_APPLICATION_LIST = 'registry.application.list.v1';
export const REGISTRY_APPLICATION_GET = 'registry.application.get.v1';
export const REGISTRY_APPLICATION_UPDATE = 'registry.application.update.v1';
export const REGISTRY_APPLICATION_DELETE = 'registry.application.delete.v1';
export const REGISTRY_APPLICATION_ROTATE_SECRET = 'registry.application.rotate_secret.v1';

export const registryContracts = {
  [REGISTRY_PING]: pingContract,
  [REGISTRY_CLIENT_GET]: getClientContract,
  [REGISTRY_CLIENT_AUTHENTICATE]: authenticateClientContract,
  [REGISTRY_CLIENT_REGISTER]: registerClientContract,
  [REGISTRY_AUTHORIZATION_CHECK]: checkAuthorizationContract,
  [REGISTRY_APPLICATION_CREATE]: createApplicationContract,
  [REGISTRY_APPLICATION_LIST]: listApplicationsContract,
  [REGISTRY_APPLICATION_GET]: getApplicationContract,
  [REGISTRY_APPLICATION_UPDATE]: updateApplicationContract,
  [REGISTRY_APPLICATION_DELETE]: deleteApplicationContract,
  [REGISTRY_APPLICATION_ROTATE_SECRET]: rotateApplicationSecretContract,
} as const;
