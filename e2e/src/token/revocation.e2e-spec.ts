import * as oidc from 'openid-client';
import {
  basicAuth,
  callbackUrl,
  connectPeer,
  createApp,
  createUser,
  postForm,
  relyingParty,
  type AuthMethod,
  type Peer,
  type TestApp,
} from './token-fixtures';

const SCOPES = ['openid', 'profile', 'offline_access'];

describe('POST /oauth/token/revoke (RFC 7009)', () => {
  let peer: Peer;
  let userId: string;
  let jwtApp: TestApp;
  let opaqueApp: TestApp;
  let publicApp: TestApp;

  beforeAll(async () => {
    peer = await connectPeer();
    userId = await createUser();
    jwtApp = await createApp();
    opaqueApp = await createApp({ access_token_format: 'opaque' });
    publicApp = await createApp({ public: true });
  });

  afterAll(async () => {
    await peer?.close();
  });

  async function signIn(app: TestApp, method: AuthMethod = 'client_secret_basic') {
    const config = await relyingParty(app, method);
    const { code, verifier } = await peer.mintCode({ clientId: app.clientId, userId, scopes: SCOPES });
    const tokens = await oidc.authorizationCodeGrant(config, callbackUrl(code), {
      pkceCodeVerifier: verifier,
      expectedState: 'state-1234567',
    });
    return { config, tokens };
  }

  async function expectGrantRevoked(config: oidc.Configuration, tokens: oidc.TokenEndpointResponse) {
    expect(await peer.introspect(tokens.access_token)).toEqual({ active: false });
    expect(await peer.introspect(tokens.refresh_token!)).toEqual({ active: false });
    const error = await oidc.refreshTokenGrant(config, tokens.refresh_token!).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ error: 'invalid_grant', error_description: 'The refresh token has been revoked' });
  }

  it.each([
    ['a JWT access token', () => jwtApp, 'access_token', 'client_secret_basic'],
    ['an opaque access token', () => opaqueApp, 'access_token', 'client_secret_post'],
    ['a refresh token', () => jwtApp, 'refresh_token', 'client_secret_post'],
    ['a public client’s refresh token', () => publicApp, 'refresh_token', 'none'],
  ] as Array<[string, () => TestApp, 'access_token' | 'refresh_token', AuthMethod]>)(
    'revoking %s revokes the whole grant',
    async (_case, app, which, method) => {
      const { config, tokens } = await signIn(app(), method);
      await oidc.tokenRevocation(config, tokens[which]!, { token_type_hint: which });
      await expectGrantRevoked(config, tokens);
    },
  );

  it('answers 200 with an empty, uncached body', async () => {
    const { tokens } = await signIn(jwtApp);
    const response = await postForm(
      '/oauth/token/revoke',
      { token: tokens.access_token },
      { authorization: basicAuth(jwtApp.clientId, jwtApp.clientSecret!) },
    );
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('pragma')).toBe('no-cache');
  });

  it('treats the hint as a hint: a wrong or unknown hint still revokes', async () => {
    for (const hint of ['refresh_token', 'id_token']) {
      const { config, tokens } = await signIn(opaqueApp);
      await oidc.tokenRevocation(config, tokens.access_token, { token_type_hint: hint });
      await expectGrantRevoked(config, tokens);
    }
  });

  it('answers 200 and changes nothing for another client’s token, an unknown token and an ID token', async () => {
    const { tokens } = await signIn(jwtApp);
    const intruder = await relyingParty(opaqueApp);
    for (const token of [tokens.access_token, tokens.refresh_token!, 'no-such-token', `oat_${'0'.repeat(64)}`]) {
      await expect(oidc.tokenRevocation(intruder, token)).resolves.toBeUndefined();
    }
    await expect(oidc.tokenRevocation(await relyingParty(jwtApp), tokens.id_token!)).resolves.toBeUndefined();
    expect(await peer.introspect(tokens.access_token)).toMatchObject({ active: true });
    expect(await peer.introspect(tokens.refresh_token!)).toMatchObject({ active: true });
  });
});
