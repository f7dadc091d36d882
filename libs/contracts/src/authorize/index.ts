import { pingContract } from '../health/ping.contract';

export const AUTHORIZE_PING = 'authorize.health.ping.v1';

export const authorizeContracts = {
  [AUTHORIZE_PING]: pingContract,
} as const;
