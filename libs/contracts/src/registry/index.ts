import { pingContract } from '../health/ping.contract';
import { authenticateClientContract, getClientContract } from './client.contract';

export * from './client.contract';

export const REGISTRY_PING = 'registry.health.ping.v1';
export const REGISTRY_CLIENT_GET = 'registry.client.get.v1';
export const REGISTRY_CLIENT_AUTHENTICATE = 'registry.client.authenticate.v1';

export const registryContracts = {
  [REGISTRY_PING]: pingContract,
  [REGISTRY_CLIENT_GET]: getClientContract,
  [REGISTRY_CLIENT_AUTHENTICATE]: authenticateClientContract,
} as const;
