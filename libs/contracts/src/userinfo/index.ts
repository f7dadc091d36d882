import { pingContract } from '../health/ping.contract';

export const USERINFO_PING = 'userinfo.health.ping.v1';

export const userinfoContracts = {
  [USERINFO_PING]: pingContract,
} as const;
