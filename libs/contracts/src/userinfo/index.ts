import { pingContract } from '../health/ping.contract';
import { introspectForClientContract } from './token-info.contract';
import { getUserInfoContract } from './userinfo.contract';

export * from './token-info.contract';
export * from './userinfo.contract';

export const USERINFO_PING = 'userinfo.health.ping.v1';
/** /oauth/userinfo: the claims an access token may read. */
export const USERINFO_USERINFO_GET = 'userinfo.userinfo.get.v1';
/** /oauth/token_info: RFC 7662 introspection for an authenticated client. */
export const USERINFO_TOKEN_INTROSPECT = 'userinfo.token.introspect.v1';

export const userinfoContracts = {
  [USERINFO_PING]: pingContract,
  [USERINFO_USERINFO_GET]: getUserInfoContract,
  [USERINFO_TOKEN_INTROSPECT]: introspectForClientContract,
} as const;
