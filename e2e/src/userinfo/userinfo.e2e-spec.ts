import * as oidc from 'openid-client';
import { admin, e2e } from '../support/e2e-env';
import {
  connectPeer,
  createApp,
  createOrganization,
  createUser,
  postForm,
  type Peer,
  type TestApp,
} from '../token/token-fixtures';
import { bearer, fixedMembers, signIn, userinfoRequest } from './userinfo-fixtures';

const INVALID_TOKEN = {
  error: 'invalid_token',
  error_description: 'The access token is invalid, expired or revoked',
};
const invalidTokenChallenge = () =>
  `Bearer realm="${e2e.issuer}", error="invalid_token", error_description="The access token is invalid, expired or revoked"`;

describe('/oauth/userinfo', () => {
  let peer: Peer;
  let jwtApp: TestApp;
  let opaqueApp: TestApp;
  let userId: string;
  let username: string;
  let email: string;

  beforeAll(async () => {
    peer = await connectPeer();
    jwtApp = await createApp();
    opaqueApp = await createApp({ access_token_format: 'opaque' });
    userId = await createUser();
    const user = (await (await admin(`/v1/users/${userId}`)).json()) as {
      username: string;
      email_addresses: Array<{ email_address: string }>;
    };
    username = user.username;
    email = user.email_addresses[0].email_address;
  });

  afterAll(async () => {
    await peer?.close();
  });

  it('is advertised in discovery', async () => {
    const metadata = (await (await fetch(`${e2e.issuer}/.well-known/openid-configuration`)).json()) as Record<
      string,
      unknown
    >;
    expect(metadata.userinfo_endpoint).toBe(`${e2e.issuer}/oauth/userinfo`);
    expect(metadata.claims_supported).toEqual(expect.arrayContaining(['org_id', 'org_name', 'org_slug', 'email']));
  });

  describe('claims per granted scope (openid-client fetchUserInfo)', () => {
    const profileClaims = () => ({
      given_name: 'Ada',
      family_name: 'Lovelace',
      name: 'Ada Lovelace',
      preferred_username: username,
      username,
    });
    const emailClaims = () => ({ email, email_verified: expect.any(Boolean) });

    it.each([
      ['openid', ['openid'], () => ({})],
      [
        'profile email, without openid (Clerk’s default scope)',
        ['profile', 'email'],
        () => ({ ...profileClaims(), ...emailClaims() }),
      ],
      ['openid email', ['openid', 'email'], emailClaims],
      [
        'openid public_metadata',
        ['openid', 'public_metadata'],
        () => ({ public_metadata: { plan: 'pro' }, unsafe_metadata: { theme: 'dark' } }),
      ],
      ['openid private_metadata', ['openid', 'private_metadata'], () => ({ private_metadata: { tier: 3 } })],
      ['user:org:read without a bound organization', ['openid', 'user:org:read'], () => ({})],
    ] as Array<[string, string[], () => Record<string, unknown>]>)('%s', async (_case, scopes, claims) => {
      for (const app of [jwtApp, opaqueApp]) {
        const { config, tokens } = await signIn(peer, app, userId, scopes);
        const sub = tokens.claims()?.sub ?? userId;
        expect(await oidc.fetchUserInfo(config, tokens.access_token, sub)).toEqual({
          ...fixedMembers(userId),
          ...claims(),
        });
      }
    });

    it('every scope, with an organization bound: org_id, org_name and org_slug too; sub is the ID token’s', async () => {
      const orgId = await createOrganization(userId);
      const organization = (await (await admin(`/v1/organizations/${orgId}`)).json()) as { name: string; slug: string };
      const scopes = [
        'openid',
        'profile',
        'email',
        'public_metadata',
        'private_metadata',
        'offline_access',
        'user:org:read',
      ];
      const { config, tokens } = await signIn(peer, jwtApp, userId, scopes, orgId);
      const sub = tokens.claims()!.sub;
      expect(sub).toBe(userId);
      expect(await oidc.fetchUserInfo(config, tokens.access_token, sub)).toEqual({
        ...fixedMembers(userId),
        ...profileClaims(),
        ...emailClaims(),
        public_metadata: { plan: 'pro' },
        unsafe_metadata: { theme: 'dark' },
        private_metadata: { tier: 3 },
        org_id: orgId,
        org_name: organization.name,
        org_slug: organization.slug,
      });
    });

    it('refuses a token with no scope userinfo serves: 403 insufficient_scope', async () => {
      const { tokens } = await signIn(peer, jwtApp, userId, ['offline_access']);
      const response = await userinfoRequest({ headers: bearer(tokens.access_token) });
      expect(response.status).toBe(403);
      expect(response.headers.get('www-authenticate')).toBe(
        `Bearer realm="${e2e.issuer}", error="insufficient_scope", error_description="The access token grants no scope that the userinfo endpoint serves"`,
      );
      expect(await response.json()).toEqual({
        error: 'insufficient_scope',
        error_description: 'The access token grants no scope that the userinfo endpoint serves',
      });
    });
  });

  describe('how the token is sent (RFC 6750 §2)', () => {
    let token: string;
    beforeAll(async () => {
      token = (await signIn(peer, jwtApp, userId, ['openid', 'email'])).tokens.access_token;
    });

    it('GET and POST with the Authorization header answer the same uncached JSON', async () => {
      for (const method of ['GET', 'POST']) {
        const response = await userinfoRequest({ method, headers: bearer(token) });
        expect(response.status).toBe(200);
        expect(response.headers.get('content-type')).toMatch(/^application\/json/);
        expect(response.headers.get('cache-control')).toBe('no-store');
        expect(await response.json()).toEqual({ ...fixedMembers(userId), email, email_verified: expect.any(Boolean) });
      }
    });

    it('POST with access_token in a form body', async () => {
      const response = await postForm('/oauth/userinfo', { access_token: token });
      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({ sub: userId, email });
    });

    it('refuses two methods at once, a repeated form parameter and a JSON body with 400 invalid_request', async () => {
      const both = await postForm('/oauth/userinfo', { access_token: token }, bearer(token));
      expect(both.status).toBe(400);
      expect(await both.json()).toEqual({
        error: 'invalid_request',
        error_description: 'The request must not use more than one method to include an access token',
      });
      const repeated = await postForm('/oauth/userinfo', { access_token: [token, token] });
      expect(repeated.status).toBe(400);
      const json = await userinfoRequest({
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ access_token: token }),
      });
      expect(json.status).toBe(400);
      expect(await json.json()).toMatchObject({ error: 'invalid_request' });
    });

    it('refuses a token in the query string with 400 invalid_request (never accepted there)', async () => {
      const response = await userinfoRequest({ query: `access_token=${token}` });
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({
        error: 'invalid_request',
        error_description: 'Access tokens are not accepted in the query string; send them in the Authorization header',
      });
    });
  });

  describe('errors (RFC 6750 §3)', () => {
    it('answers a request without a token with 401, a bare Bearer challenge and no error information', async () => {
      for (const init of [{}, { method: 'POST' }, { headers: { authorization: 'Basic Zm9vOmJhcg==' } }]) {
        const response = await userinfoRequest(init);
        expect(response.status).toBe(401);
        expect(response.headers.get('www-authenticate')).toBe(`Bearer realm="${e2e.issuer}"`);
        expect(await response.text()).toBe('');
      }
    });

    it('answers an unknown, tampered, refresh or ID token with 401 invalid_token', async () => {
      const { tokens } = await signIn(peer, jwtApp, userId, ['openid', 'offline_access']);
      const [header, payload, signature] = tokens.access_token.split('.');
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
      const tampered = [
        header,
        Buffer.from(JSON.stringify({ ...claims, sub: 'user_other' })).toString('base64url'),
        signature,
      ].join('.');
      for (const token of [
        'no-such-token',
        `oat_${'0'.repeat(64)}`,
        tampered,
        tokens.refresh_token!,
        tokens.id_token!,
      ]) {
        const response = await userinfoRequest({ headers: bearer(token) });
        expect({ token, status: response.status }).toEqual({ token, status: 401 });
        expect(response.headers.get('www-authenticate')).toBe(invalidTokenChallenge());
        expect(await response.json()).toEqual(INVALID_TOKEN);
      }
    });

    it('answers a revoked opaque access token with 401 invalid_token (openid-client sees the challenge)', async () => {
      const { config, tokens } = await signIn(peer, opaqueApp, userId, ['openid', 'email']);
      await expect(oidc.fetchUserInfo(config, tokens.access_token, userId)).resolves.toMatchObject({ sub: userId });
      await oidc.tokenRevocation(config, tokens.access_token);
      const error = await oidc.fetchUserInfo(config, tokens.access_token, userId).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(oidc.WWWAuthenticateChallengeError);
      expect((error as oidc.WWWAuthenticateChallengeError).cause[0]).toMatchObject({
        scheme: 'bearer',
        parameters: { error: 'invalid_token' },
      });
    });

    it('answers the opaque access token of a grant revoked by refresh-token reuse with 401 invalid_token', async () => {
      const { config, tokens } = await signIn(peer, opaqueApp, userId, ['openid', 'offline_access']);
      const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
      await expect(oidc.fetchUserInfo(config, refreshed.access_token, userId)).resolves.toMatchObject({ sub: userId });
      // REFRESH_REUSE_GRACE_SECONDS is 2 in the stack under test: a reuse after it revokes the grant.
      await new Promise((resolve) => setTimeout(resolve, 2500));
      await expect(oidc.refreshTokenGrant(config, tokens.refresh_token!)).rejects.toMatchObject({
        error: 'invalid_grant',
      });
      const response = await userinfoRequest({ headers: bearer(refreshed.access_token) });
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual(INVALID_TOKEN);
    });

    it('answers the token of a deleted user with 401 invalid_token', async () => {
      const doomed = await createUser();
      const { tokens } = await signIn(peer, jwtApp, doomed, ['openid']);
      expect((await admin(`/v1/users/${doomed}`, { method: 'DELETE' })).status).toBe(200);
      const response = await userinfoRequest({ headers: bearer(tokens.access_token) });
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual(INVALID_TOKEN);
    });
  });

  describe('CORS (browser clients)', () => {
    it('answers a preflight for GET and POST with the Authorization header', async () => {
      const response = await userinfoRequest({
        method: 'OPTIONS',
        headers: {
          origin: 'https://spa.example.com',
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization',
        },
      });
      expect(response.status).toBe(204);
      expect(response.headers.get('access-control-allow-origin')).toBe('*');
      expect(response.headers.get('access-control-allow-methods')).toBe('GET, POST, OPTIONS');
      expect(response.headers.get('access-control-allow-headers')).toBe('Authorization, Content-Type');
    });

    it('lets a script read answers and challenges', async () => {
      const { tokens } = await signIn(peer, jwtApp, userId, ['openid']);
      const ok = await userinfoRequest({
        headers: { ...bearer(tokens.access_token), origin: 'https://spa.example.com' },
      });
      expect(ok.status).toBe(200);
      expect(ok.headers.get('access-control-allow-origin')).toBe('*');
      const denied = await userinfoRequest({ headers: { origin: 'https://spa.example.com' } });
      expect(denied.status).toBe(401);
      expect(denied.headers.get('access-control-allow-origin')).toBe('*');
      expect(denied.headers.get('access-control-expose-headers')).toBe('WWW-Authenticate');
    });

    it('is not extended to other endpoints', async () => {
      const response = await fetch(`${e2e.issuer}/oauth/token_info`, {
        method: 'OPTIONS',
        headers: { origin: 'https://spa.example.com', 'access-control-request-method': 'POST' },
      });
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
    });
  });
});
