import { pingContract } from '../health/ping.contract';
import {
  getUserProfileContract,
  listUserOrganizationsContract,
  verifyCredentialsContract,
} from './user-profile.contract';

export * from './user-profile.contract';

export const ACCOUNTS_PING = 'accounts.health.ping.v1';
export const ACCOUNTS_USER_PROFILE_GET = 'accounts.user_profile.get.v1';
export const ACCOUNTS_CREDENTIALS_VERIFY = 'accounts.credentials.verify.v1';
export const ACCOUNTS_USER_ORGANIZATIONS_LIST = 'accounts.user_organizations.list.v1';

export const accountsContracts = {
  [ACCOUNTS_PING]: pingContract,
  [ACCOUNTS_USER_PROFILE_GET]: getUserProfileContract,
  [ACCOUNTS_CREDENTIALS_VERIFY]: verifyCredentialsContract,
  [ACCOUNTS_USER_ORGANIZATIONS_LIST]: listUserOrganizationsContract,
} as const;
