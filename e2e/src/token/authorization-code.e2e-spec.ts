import * as oidc from 'openid-client';
import { e2e } from '../support/e2e-env';
import {
  REDIRECT_URI,
  callbackUrl,
  connectPeer,
  createApp,
  createOrganization,
  createUser,
  postForm,
  relyingParty,
  type AuthMethod,
  type Peer,
  type TestApp,
} from './token-fixtures';

/** The error an openid-client call rejects with (fails the test if it resolves). */
async function rpError(promise: Promise<unknown>): Promise<oidc.ResponseBodyError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof oidc.ResponseBodyError) return error;
    throw error;
  }
  throw new Error('expected the request to fail');
}

describe('grant_type=authorization_code through the gateway', () => {
  let peer: Peer;
  let userId: string;
  let confidential: TestApp;
  let publicApp: TestApp;

  beforeAll(async () => {
    peer = await connectPeer();
    userId = await createUser();
    confidential = await createApp();
    publicApp = await createApp({ public: true });
  });

  afterAll(async () => {
    await peer?.close();
  });

  describe.each([
    ['client_secret_basic', () => confidential],
    ['client_secret_post', () => confidential],
    ['none', () => publicApp],
  ] as Array<[AuthMethod, () => TestApp]>)('client authentication %s', (method, app) => {
    it('redeems a code for tokens that openid-client accepts', async () => {
      const config = await relyingParty(app(), method);
      const { code, verifier } = await peer.mintCode({ clientId: app().clientId, userId, nonce: 'nonce-e2e' });
      const tokens = await oidc.authorizationCodeGrant(config, callbackUrl(code), {
        pkceCodeVerifier: verifier,
        expectedState: 'state-1234567',
        expectedNonce: 'nonce-e2e',
        idTokenExpected: true,
      });
      expect(tokens.token_type).toBe('bearer');
      expect(tokens.expires_in).toBe(86400);
      expect(tokens.scope).toBe('openid profile email offline_access');
      expect(tokens.refresh_token).toMatch(/^ort_/);
      expect(tokens.claims()).toMatchObject({
        iss: e2e.issuer,
        sub: userId,
        aud: app().clientId,
        azp: app().clientId,
        nonce: 'nonce-e2e',
        given_name: 'Ada',
        family_name: 'Lovelace',
        name: 'Ada Lovelace',
        email_verified: true,
        email: expect.stringMatching(/^ada-[0-9a-f]{8}@example\.com$/),
        preferred_username: expect.stringMatching(/^ada_/),
      });
      expect(await peer.introspect(tokens.access_token)).toMatchObject({
        active: true,
        userId,
        clientId: app().clientId,
      });
    });
  });

  it('answers exactly the RFC 6749 §5.1 members, uncached', async () => {
    const { code, verifier } = await peer.mintCode({ clientId: publicApp.clientId, userId });
    const response = await postForm('/oauth/token', {
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT_URI,
      code_verifier: verifier,
      client_id: publicApp.clientId,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('pragma')).toBe('no-cache');
    expect(await response.json()).toEqual({
      access_token: expect.any(String),
      token_type: 'Bearer',
      expires_in: 86400,
      scope: 'openid profile email offline_access',
      refresh_token: expect.stringMatching(/^ort_[A-Za-z0-9_-]{43}$/),
      id_token: expect.any(String),
    });
  });

  describe('claims by scope (Clerk’s table)', () => {
    const redeem = async (app: TestApp, scopes: string[], extra: { organizationId?: string } = {}) => {
      const config = await relyingParty(app);
      const { code, verifier } = await peer.mintCode({ clientId: app.clientId, userId, scopes, ...extra });
      return oidc.authorizationCodeGrant(config, callbackUrl(code), {
        pkceCodeVerifier: verifier,
        expectedState: 'state-1234567',
      });
    };

    it('puts only the claims of the granted scopes in the ID token', async () => {
      const only = async (scopes: string[]) => {
        const { iss, sub, aud, exp, iat, auth_time, jti, at_hash, azp, ...rest } = (
          await redeem(confidential, scopes)
        ).claims()!;
        expect({ iss, sub, aud, azp }).toEqual({
          iss: e2e.issuer,
          sub: userId,
          aud: confidential.clientId,
          azp: confidential.clientId,
        });
        expect([exp, iat, auth_time, jti, at_hash].every((value) => value !== undefined)).toBe(true);
        return rest;
      };
      expect(await only(['openid'])).toEqual({});
      expect(await only(['openid', 'email'])).toEqual({ email: expect.any(String), email_verified: true });
      expect(await only(['openid', 'public_metadata'])).toEqual({
        public_metadata: { plan: 'pro' },
        unsafe_metadata: { theme: 'dark' },
      });
      expect(await only(['openid', 'private_metadata'])).toEqual({ private_metadata: { tier: 3 } });
    });

    it('binds the organization with user:org:read: org_id in the ID token and the access token', async () => {
      const organizationId = await createOrganization(userId);
      const tokens = await redeem(confidential, ['openid', 'user:org:read'], { organizationId });
      expect(tokens.claims()).toMatchObject({ org_id: organizationId });
      const accessClaims = JSON.parse(Buffer.from(tokens.access_token.split('.')[1], 'base64url').toString());
      expect(accessClaims).toMatchObject({ org_id: organizationId, scope: 'openid user:org:read' });
    });

    it('issues an opaque oat_ access token to an application that asks for them', async () => {
      const opaque = await createApp({ access_token_format: 'opaque' });
      const tokens = await redeem(opaque, ['openid', 'email']);
      expect(tokens.access_token).toMatch(/^oat_[0-9a-f]{64}$/);
      expect(await peer.introspect(tokens.access_token)).toMatchObject({ active: true, format: 'opaque' });
    });

    it('issues no ID token without openid, and no refresh token to a public client without offline_access', async () => {
      const config = await relyingParty(publicApp, 'none');
      const { code, verifier } = await peer.mintCode({ clientId: publicApp.clientId, userId, scopes: ['profile'] });
      const tokens = await oidc.authorizationCodeGrant(config, callbackUrl(code), {
        pkceCodeVerifier: verifier,
        expectedState: 'state-1234567',
      });
      expect(tokens.id_token).toBeUndefined();
      expect(tokens.refresh_token).toBeUndefined();
      expect(tokens.scope).toBe('profile');
    });
  });

  describe('PKCE (RFC 7636)', () => {
    const redeemWith = async (
      app: TestApp,
      method: AuthMethod,
      mint: { withChallenge: boolean },
      verifier?: string,
    ) => {
      const config = await relyingParty(app, method);
      const minted = await peer.mintCode({
        clientId: app.clientId,
        userId,
        ...(mint.withChallenge ? {} : { codeChallenge: undefined, codeChallengeMethod: undefined }),
      });
      return rpError(
        oidc.authorizationCodeGrant(config, callbackUrl(minted.code), {
          expectedState: 'state-1234567',
          ...(verifier === undefined ? {} : { pkceCodeVerifier: verifier === 'right' ? minted.verifier : verifier }),
        }),
      );
    };

    it('refuses a verifier that does not match the challenge', async () => {
      const error = await redeemWith(publicApp, 'none', { withChallenge: true }, oidc.randomPKCECodeVerifier());
      expect(error).toMatchObject({
        status: 400,
        error: 'invalid_grant',
        error_description: 'PKCE verification failed: the code_verifier does not match the code_challenge',
      });
    });

    it('refuses a missing verifier', async () => {
      const error = await redeemWith(confidential, 'client_secret_basic', { withChallenge: true });
      expect(error).toMatchObject({
        status: 400,
        error: 'invalid_grant',
        error_description: 'The "code_verifier" parameter is required: the authorization request used PKCE',
      });
    });

    it('refuses a verifier for a code issued without a challenge (downgrade)', async () => {
      const error = await redeemWith(
        confidential,
        'client_secret_basic',
        { withChallenge: false },
        oidc.randomPKCECodeVerifier(),
      );
      expect(error).toMatchObject({
        status: 400,
        error: 'invalid_grant',
        error_description: 'A "code_verifier" was sent, but the authorization request had no code_challenge',
      });
    });

    it('refuses a public client’s code without PKCE', async () => {
      const error = await redeemWith(publicApp, 'none', { withChallenge: false });
      expect(error).toMatchObject({
        status: 400,
        error: 'invalid_grant',
        error_description: 'This client must use PKCE, but the authorization request had no code_challenge',
      });
    });

    it('refuses a pkce_required client’s code without PKCE, and lets other confidential clients skip it', async () => {
      const strict = await createApp({ pkce_required: true });
      expect(await redeemWith(strict, 'client_secret_basic', { withChallenge: false })).toMatchObject({
        error: 'invalid_grant',
      });
      const config = await relyingParty(confidential);
      const { code } = await peer.mintCode({
        clientId: confidential.clientId,
        userId,
        codeChallenge: undefined,
        codeChallengeMethod: undefined,
      });
      await expect(
        oidc.authorizationCodeGrant(config, callbackUrl(code), { expectedState: 'state-1234567' }),
      ).resolves.toMatchObject({ token_type: 'bearer' });
    });
  });

  describe('refusals', () => {
    it('refuses a code bound to another client', async () => {
      const other = await createApp();
      const { code, verifier } = await peer.mintCode({ clientId: other.clientId, userId });
      const error = await rpError(
        oidc.authorizationCodeGrant(await relyingParty(confidential), callbackUrl(code), {
          pkceCodeVerifier: verifier,
          expectedState: 'state-1234567',
        }),
      );
      expect(error).toMatchObject({
        status: 400,
        error: 'invalid_grant',
        error_description: 'The authorization code was issued to another client',
      });
    });

    it('refuses a redirect_uri that differs from the authorization request’s', async () => {
      const { code, verifier } = await peer.mintCode({ clientId: confidential.clientId, userId });
      const error = await rpError(
        oidc.authorizationCodeGrant(
          await relyingParty(confidential),
          callbackUrl(code, 'state-1234567', 'https://rp.example.com/other'),
          { pkceCodeVerifier: verifier, expectedState: 'state-1234567' },
        ),
      );
      expect(error).toMatchObject({
        status: 400,
        error: 'invalid_grant',
        error_description: 'The "redirect_uri" does not match the one of the authorization request',
      });
    });

    it('refuses a wrong client secret with 401 invalid_client and a Basic challenge', async () => {
      const { code, verifier } = await peer.mintCode({ clientId: confidential.clientId, userId });
      const config = await relyingParty({ clientId: confidential.clientId, clientSecret: 'wrong-secret' });
      const error = await oidc
        .authorizationCodeGrant(config, callbackUrl(code), {
          pkceCodeVerifier: verifier,
          expectedState: 'state-1234567',
        })
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(oidc.WWWAuthenticateChallengeError);
      const challenge = error as oidc.WWWAuthenticateChallengeError;
      expect(challenge.status).toBe(401);
      expect(challenge.cause).toEqual([{ scheme: 'basic', parameters: { realm: e2e.issuer } }]);
      expect(await challenge.response.json()).toMatchObject({ error: 'invalid_client' });
    });
  });

  describe('code replay (RFC 6749 §4.1.2)', () => {
    it('refuses the second redemption and revokes every token of the first', async () => {
      const config = await relyingParty(confidential);
      const { code, verifier } = await peer.mintCode({ clientId: confidential.clientId, userId });
      const checks = { pkceCodeVerifier: verifier, expectedState: 'state-1234567' };
      const first = await oidc.authorizationCodeGrant(config, callbackUrl(code), checks);
      expect(await peer.introspect(first.access_token)).toMatchObject({ active: true });

      const error = await rpError(oidc.authorizationCodeGrant(config, callbackUrl(code), checks));
      expect(error).toMatchObject({
        status: 400,
        error: 'invalid_grant',
        error_description: 'The authorization code is invalid, expired or already used',
      });
      expect(await peer.introspect(first.access_token)).toEqual({ active: false });
      expect(await rpError(oidc.refreshTokenGrant(config, first.refresh_token!))).toMatchObject({
        error: 'invalid_grant',
        error_description: 'The refresh token has been revoked',
      });
    });
  });
});
