import * as oidc from 'openid-client';
import { e2e } from '../support/e2e-env';
import {
  basicAuth,
  connectPeer,
  createApp,
  createOrganization,
  createUser,
  postForm,
  relyingParty,
  type Peer,
  type TestApp,
} from '../token/token-fixtures';
import { signIn } from './userinfo-fixtures';

const SCOPES = ['openid', 'email', 'offline_access'];

describe('/oauth/token_info (RFC 7662)', () => {
  let peer: Peer;
  let jwtApp: TestApp;
  let opaqueApp: TestApp;
  let publicApp: TestApp;
  let userId: string;

  beforeAll(async () => {
    peer = await connectPeer();
    jwtApp = await createApp();
    opaqueApp = await createApp({ access_token_format: 'opaque' });
    publicApp = await createApp({ public: true });
    userId = await createUser();
  });

  afterAll(async () => {
    await peer?.close();
  });

  const introspect = (app: TestApp, token: string, parameters?: Record<string, string>) =>
    relyingParty(app).then((config) => oidc.tokenIntrospection(config, token, parameters));

  it('is advertised in discovery with the methods a confidential client authenticates with', async () => {
    const metadata = (await (await fetch(`${e2e.issuer}/.well-known/openid-configuration`)).json()) as Record<
      string,
      unknown
    >;
    expect(metadata.introspection_endpoint).toBe(`${e2e.issuer}/oauth/token_info`);
    expect(metadata.introspection_endpoint_auth_methods_supported).toEqual([
      'client_secret_basic',
      'client_secret_post',
    ]);
  });

  describe('every kind of token, to the client it was issued to', () => {
    it('a JWT access token: Clerk’s members plus exp, aud, iss, token_type and jti', async () => {
      const orgId = await createOrganization(userId);
      const { tokens } = await signIn(peer, jwtApp, userId, [...SCOPES, 'user:org:read'], orgId);
      const answer = await introspect(jwtApp, tokens.access_token, { token_type_hint: 'access_token' });
      const claims = JSON.parse(Buffer.from(tokens.access_token.split('.')[1], 'base64url').toString()) as Record<
        string,
        unknown
      >;
      expect(answer).toEqual({
        active: true,
        client_id: jwtApp.clientId,
        scope: 'openid email offline_access user:org:read',
        sub: userId,
        org_id: orgId,
        iat: claims.iat,
        exp: claims.exp,
        iss: e2e.issuer,
        aud: e2e.issuer,
        token_type: 'Bearer',
        jti: claims.jti,
      });
    });

    it('an opaque access token', async () => {
      const { tokens } = await signIn(peer, opaqueApp, userId, SCOPES);
      const answer = await introspect(opaqueApp, tokens.access_token);
      expect(answer).toEqual({
        active: true,
        client_id: opaqueApp.clientId,
        scope: 'openid email offline_access',
        sub: userId,
        iat: expect.any(Number),
        exp: expect.any(Number),
        iss: e2e.issuer,
        aud: e2e.issuer,
        token_type: 'Bearer',
      });
      expect(answer.exp! - answer.iat!).toBe(tokens.expires_in);
    });

    it('a refresh token (no token_type: it is not an access token), whatever the hint says', async () => {
      const { tokens } = await signIn(peer, jwtApp, userId, SCOPES);
      for (const hint of [undefined, 'access_token', 'refresh_token']) {
        const answer = await introspect(jwtApp, tokens.refresh_token!, hint ? { token_type_hint: hint } : undefined);
        expect(answer).toEqual({
          active: true,
          client_id: jwtApp.clientId,
          scope: 'openid email offline_access',
          sub: userId,
          iat: expect.any(Number),
          exp: expect.any(Number),
          iss: e2e.issuer,
        });
      }
    });

    it('checks the scopes the caller names (Clerk’s scope parameter)', async () => {
      const { tokens } = await signIn(peer, jwtApp, userId, SCOPES);
      expect(await introspect(jwtApp, tokens.access_token, { scope: 'openid email' })).toMatchObject({ active: true });
      expect(await introspect(jwtApp, tokens.access_token, { scope: 'openid profile' })).toEqual({ active: false });
    });
  });

  describe('exactly {"active":false}', () => {
    it('for an unknown token, an ID token and garbage', async () => {
      const { tokens } = await signIn(peer, jwtApp, userId, SCOPES);
      for (const token of [`oat_${'0'.repeat(64)}`, `ort_${'A'.repeat(43)}`, tokens.id_token!, 'garbage']) {
        expect(await introspect(jwtApp, token)).toEqual({ active: false });
      }
    });

    it('for another client’s tokens, of every kind', async () => {
      const jwtTokens = (await signIn(peer, jwtApp, userId, SCOPES)).tokens;
      const opaqueTokens = (await signIn(peer, opaqueApp, userId, SCOPES)).tokens;
      for (const token of [jwtTokens.access_token, jwtTokens.refresh_token!]) {
        expect(await introspect(opaqueApp, token)).toEqual({ active: false });
      }
      for (const token of [opaqueTokens.access_token, opaqueTokens.refresh_token!]) {
        expect(await introspect(jwtApp, token)).toEqual({ active: false });
      }
    });

    it('for revoked opaque access tokens and refresh tokens', async () => {
      const opaque = await signIn(peer, opaqueApp, userId, SCOPES);
      await oidc.tokenRevocation(opaque.config, opaque.tokens.access_token);
      expect(await introspect(opaqueApp, opaque.tokens.access_token)).toEqual({ active: false });
      expect(await introspect(opaqueApp, opaque.tokens.refresh_token!)).toEqual({ active: false });

      const jwt = await signIn(peer, jwtApp, userId, SCOPES);
      await oidc.tokenRevocation(jwt.config, jwt.tokens.refresh_token!);
      expect(await introspect(jwtApp, jwt.tokens.refresh_token!)).toEqual({ active: false });
    });

    it('for a rotated refresh token, and the whole grant after its reuse', async () => {
      const { config, tokens } = await signIn(peer, opaqueApp, userId, SCOPES);
      const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
      expect(await introspect(opaqueApp, tokens.refresh_token!)).toEqual({ active: false });
      expect(await introspect(opaqueApp, refreshed.refresh_token!)).toMatchObject({ active: true });
      // REFRESH_REUSE_GRACE_SECONDS is 2 in the stack under test: a reuse after it revokes the grant.
      await new Promise((resolve) => setTimeout(resolve, 2500));
      await expect(oidc.refreshTokenGrant(config, tokens.refresh_token!)).rejects.toMatchObject({
        error: 'invalid_grant',
      });
      expect(await introspect(opaqueApp, refreshed.access_token)).toEqual({ active: false });
      expect(await introspect(opaqueApp, refreshed.refresh_token!)).toEqual({ active: false });
    });
  });

  describe('client authentication', () => {
    let token: string;
    beforeAll(async () => {
      token = (await signIn(peer, jwtApp, userId, SCOPES)).tokens.access_token;
    });

    it('accepts client_secret_post too, and never lets the answer be cached', async () => {
      const response = await postForm('/oauth/token_info', {
        token,
        client_id: jwtApp.clientId,
        client_secret: jwtApp.clientSecret!,
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(response.headers.get('pragma')).toBe('no-cache');
      expect(await response.json()).toMatchObject({ active: true, sub: userId });
    });

    it.each([
      ['no credentials', () => ({}), 'Client authentication is required'],
      [
        'a wrong secret',
        () => ({ authorization: basicAuth(jwtApp.clientId, 'wrong') }),
        'Client authentication failed',
      ],
      ['an unknown client', () => ({ authorization: basicAuth('nobody', 'x') }), 'Client authentication failed'],
    ] as Array<[string, () => Record<string, string>, string]>)(
      'answers %s with 401 invalid_client and a Basic challenge',
      async (_case, headers, description) => {
        const response = await postForm('/oauth/token_info', { token }, headers());
        expect(response.status).toBe(401);
        expect(response.headers.get('www-authenticate')).toBe(`Basic realm="${e2e.issuer}"`);
        expect(await response.json()).toEqual({ error: 'invalid_client', error_description: description });
      },
    );

    it('refuses a public client, which has no secret to authenticate with', async () => {
      const response = await postForm('/oauth/token_info', { token, client_id: publicApp.clientId });
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({
        error: 'invalid_client',
        error_description: 'Token introspection requires client authentication with a secret',
      });
    });

    it('requires the token parameter and a form body', async () => {
      const auth = { authorization: basicAuth(jwtApp.clientId, jwtApp.clientSecret!) };
      const missing = await postForm('/oauth/token_info', {}, auth);
      expect(missing.status).toBe(400);
      expect(await missing.json()).toEqual({
        error: 'invalid_request',
        error_description: 'The "token" parameter is required',
      });
      const json = await fetch(`${e2e.issuer}/oauth/token_info`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ token }),
      });
      expect(json.status).toBe(400);
    });
  });
});
