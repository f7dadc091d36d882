import {
  TOKEN_CODE_MINT,
  TOKEN_GRANT_EXCHANGE,
  TOKEN_JWKS_GET,
  type ExchangeClient,
  type RequestOf,
  type TokenResponse,
} from '@tessera/contracts';
import { sha256 } from '@tessera/crypto';
import { REDIS } from '@tessera/redis';
import {
  bootApp,
  connectTestRpc,
  startTestInfrastructure,
  type TestInfrastructure,
  startProfileResponder,
} from '@tessera/testing';
import type Redis from 'ioredis';
import { createLocalJWKSet, jwtVerify, type JWTPayload } from 'jose';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { tokenApp } from '../src/token.app';

export const ISSUER = 'https://id.example.com';
export const REDIRECT_URI = 'https://app.example.com/callback';
export const USER_ID = 'user_test_1';
export const ALL_SCOPES = [
  'openid',
  'profile',
  'email',
  'public_metadata',
  'private_metadata',
  'offline_access',
  'user:org:read',
];

/** The token service on private infrastructure, a stand-in accounts peer and a typed NATS client. */
export async function startTokenService(env: Record<string, string> = {}) {
  const infra: TestInfrastructure = await startTestInfrastructure();
  const service = await bootApp(tokenApp, infra.env({ ISSUER, ...env }));
  const client = await connectTestRpc(infra.nats.url);
  const profiles = await startProfileResponder(infra.nats.url);
  profiles.setUser({ id: USER_ID });
  const rpc = client.rpc;
  return {
    infra,
    service,
    rpc,
    profiles,
    db: service.app.get(DataSource),
    redis: service.app.get<Redis>(REDIS),
    /** Verifies a JWT against the JWKS the token service publishes right now. */
    async verify(token: string, typ: string): Promise<JWTPayload> {
      const { keys } = await rpc.send(TOKEN_JWKS_GET, {});
      const { payload } = await jwtVerify(token, createLocalJWKSet({ keys }), { issuer: ISSUER, typ });
      return payload;
    },
    async close() {
      await profiles.close();
      await client.close();
      await service.close();
      await infra.teardown();
    },
  };
}
export type TokenService = Awaited<ReturnType<typeof startTokenService>>;

export const confidentialClient = (overrides: Partial<ExchangeClient> = {}): ExchangeClient => ({
  clientId: 'client_confidential',
  public: false,
  pkceRequired: false,
  scopes: ALL_SCOPES,
  accessTokenFormat: 'jwt',
  ...overrides,
});

export const publicClient = (overrides: Partial<ExchangeClient> = {}): ExchangeClient =>
  confidentialClient({ clientId: 'client_public', public: true, pkceRequired: true, ...overrides });

export function pkcePair() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: sha256(verifier) };
}

type MintRequest = RequestOf<typeof TOKEN_CODE_MINT>;

/** Mints a code as the authorize service would, for `client`, with a PKCE challenge unless told otherwise. */
export async function mintCode(
  service: TokenService,
  client: ExchangeClient,
  overrides: Partial<MintRequest> = {},
): Promise<{ code: string; verifier: string }> {
  const { verifier, challenge } = pkcePair();
  const { code } = await service.rpc.send(TOKEN_CODE_MINT, {
    clientId: client.clientId,
    userId: USER_ID,
    redirectUri: REDIRECT_URI,
    scopes: ['openid', 'profile', 'email', 'offline_access'],
    codeChallenge: challenge,
    codeChallengeMethod: 'S256',
    nonce: 'nonce-123',
    authTime: Math.floor(Date.now() / 1000) - 5,
    ...overrides,
  });
  return { code, verifier };
}

export function redeem(
  service: TokenService,
  client: ExchangeClient,
  code: string,
  extras: { codeVerifier?: string; redirectUri?: string } = {},
): Promise<TokenResponse> {
  return service.rpc.send(TOKEN_GRANT_EXCHANGE, {
    client,
    grant: {
      grantType: 'authorization_code',
      code,
      redirectUri: extras.redirectUri ?? REDIRECT_URI,
      ...(extras.codeVerifier !== undefined ? { codeVerifier: extras.codeVerifier } : {}),
    },
  });
}

/** Mints and redeems a code in one go (PKCE verifier included). */
export async function issueTokens(
  service: TokenService,
  client: ExchangeClient,
  overrides: Partial<MintRequest> = {},
): Promise<TokenResponse> {
  const { code, verifier } = await mintCode(service, client, overrides);
  return redeem(service, client, code, { codeVerifier: verifier });
}

export function refresh(
  service: TokenService,
  client: ExchangeClient,
  refreshToken: string,
  scopes?: string[],
): Promise<TokenResponse> {
  return service.rpc.send(TOKEN_GRANT_EXCHANGE, {
    client,
    grant: { grantType: 'refresh_token', refreshToken, ...(scopes ? { scopes } : {}) },
  });
}

/** The error a promise rejects with (fails the test if it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the promise to reject');
}
