import { instanceIdFor } from '@tessera/contracts';
import * as oidc from 'openid-client';
import { e2e } from '../support/e2e-env';
import { callbackUrl, relyingParty, type Peer, type TestApp } from '../token/token-fixtures';

/**
 * Tokens for a user as a relying party gets them: a code minted over NATS the way the authorize service mints
 * one after consent, exchanged at /oauth/token with openid-client.
 */
export async function signIn(
  peer: Peer,
  app: TestApp,
  userId: string,
  scopes: string[],
  organizationId?: string,
): Promise<{ config: oidc.Configuration; tokens: oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers }> {
  const config = await relyingParty(app, app.clientSecret ? 'client_secret_basic' : 'none');
  const { code, verifier } = await peer.mintCode({
    clientId: app.clientId,
    userId,
    scopes,
    ...(organizationId ? { organizationId } : {}),
  });
  const tokens = await oidc.authorizationCodeGrant(config, callbackUrl(code), {
    pkceCodeVerifier: verifier,
    expectedState: 'state-1234567',
  });
  return { config, tokens };
}

/** Calls /oauth/userinfo by hand, for what openid-client does not send (bad requests, POST forms, CORS). */
export function userinfoRequest(init: RequestInit & { query?: string } = {}): Promise<Response> {
  const { query, ...rest } = init;
  return fetch(`${e2e.issuer}/oauth/userinfo${query ? `?${query}` : ''}`, rest);
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** The userinfo members every answer has. */
export const fixedMembers = (userId: string) => ({
  object: 'oauth_user_info',
  instance_id: instanceIdFor(e2e.issuer),
  user_id: userId,
  sub: userId,
});
