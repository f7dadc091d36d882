import { pingContract } from '../health/ping.contract';
import { mintCodeContract } from './code.contract';
import { getJwksContract } from './jwks.contract';

export * from './code.contract';
export * from './jwks.contract';

export const TOKEN_PING = 'token.health.ping.v1';
export const TOKEN_JWKS_GET = 'token.jwks.get.v1';
export const TOKEN_CODE_MINT = 'token.code.mint.v1';

export const tokenContracts = {
  [TOKEN_PING]: pingContract,
  [TOKEN_JWKS_GET]: getJwksContract,
  [TOKEN_CODE_MINT]: mintCodeContract,
} as const;
