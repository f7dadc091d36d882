import { pingContract } from '../health/ping.contract';
import { mintCodeContract } from './code.contract';
import { exchangeGrantContract } from './grant-exchange.contract';
import {
  revokeGrantsForClientContract,
  revokeGrantsForConsentContract,
  revokeGrantsForUserContract,
} from './grants-revoke.contract';
import { getJwksContract } from './jwks.contract';
import { rotateKeysContract } from './keys.contract';
import { introspectTokenContract } from './token-introspect.contract';
import { revokeTokenContract } from './token-revoke.contract';

export * from './code.contract';
export * from './grant-exchange.contract';
export * from './grants-revoke.contract';
export * from './jwks.contract';
export * from './keys.contract';
export * from './profile-claims';
export * from './token-introspect.contract';
export * from './token-revoke.contract';

export const TOKEN_PING = 'token.health.ping.v1';
export const TOKEN_JWKS_GET = 'token.jwks.get.v1';
export const TOKEN_KEYS_ROTATE = 'token.keys.rotate.v1';
export const TOKEN_CODE_MINT = 'token.code.mint.v1';
export const TOKEN_GRANT_EXCHANGE = 'token.grant.exchange.v1';
export const TOKEN_TOKEN_REVOKE = 'token.token.revoke.v1';
export const TOKEN_TOKEN_INTROSPECT = 'token.token.introspect.v1';
export const TOKEN_GRANTS_REVOKE_FOR_CONSENT = 'token.grants.revoke_for_consent.v1';
export const TOKEN_GRANTS_REVOKE_FOR_USER = 'token.grants.revoke_for_user.v1';
export const TOKEN_GRANTS_REVOKE_FOR_CLIENT = 'token.grants.revoke_for_client.v1';

export const tokenContracts = {
  [TOKEN_PING]: pingContract,
  [TOKEN_JWKS_GET]: getJwksContract,
  [TOKEN_KEYS_ROTATE]: rotateKeysContract,
  [TOKEN_CODE_MINT]: mintCodeContract,
  [TOKEN_GRANT_EXCHANGE]: exchangeGrantContract,
  [TOKEN_TOKEN_REVOKE]: revokeTokenContract,
  [TOKEN_TOKEN_INTROSPECT]: introspectTokenContract,
  [TOKEN_GRANTS_REVOKE_FOR_CONSENT]: revokeGrantsForConsentContract,
  [TOKEN_GRANTS_REVOKE_FOR_USER]: revokeGrantsForUserContract,
  [TOKEN_GRANTS_REVOKE_FOR_CLIENT]: revokeGrantsForClientContract,
} as const;
