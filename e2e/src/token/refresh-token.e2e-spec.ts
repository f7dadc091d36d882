import * as oidc from 'openid-client';
import {
  callbackUrl,
  connectPeer,
  createApp,
  createUser,
  postForm,
  relyingParty,
  type Peer,
  type TestApp,
} from './token-fixtures';

const SCOPES = ['openid', 'profile', 'email', 'offline_access'];

describe('grant_type=refresh_token through the gateway', () => {
  let peer: Peer;
  let userId: string;
  let app: TestApp;
  let config: oidc.Configuration;

  beforeAll(async () => {
    peer = await connectPeer();
    userId = await createUser();
    app = await createApp();
    config = await relyingParty(app);
  });

  afterAll(async () => {
    await peer?.close();
  });

  async function signIn(rp = config, client = app) {
    const { code, verifier } = await peer.mintCode({ clientId: client.clientId, userId, scopes: SCOPES });
    return oidc.authorizationCodeGrant(rp, callbackUrl(code), {
      pkceCodeVerifier: verifier,
      expectedState: 'state-1234567',
    });
  }

  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => {
        throw new Error('expected the refresh to fail');
      },
      (error: unknown) => error as oidc.ResponseBodyError,
    );

  it('rotates the refresh token on every use and sends a fresh ID token', async () => {
    const first = await signIn();
    const second = await oidc.refreshTokenGrant(config, first.refresh_token!);
    expect(second.refresh_token).toMatch(/^ort_/);
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect(second.access_token).not.toBe(first.access_token);
    expect(second.claims()).toMatchObject({ sub: userId, aud: app.clientId, auth_time: first.claims()!.auth_time });
    expect(await peer.introspect(first.refresh_token!)).toEqual({ active: false });
    expect(await peer.introspect(second.refresh_token!)).toMatchObject({ active: true });
  });

  it('narrows the scope on request and never widens it', async () => {
    const first = await signIn();
    const narrowed = await oidc.refreshTokenGrant(config, first.refresh_token!, { scope: 'openid email' });
    expect(narrowed.scope).toBe('openid email');
    const { given_name: givenName, email } = narrowed.claims()!;
    expect({ givenName, email }).toEqual({ givenName: undefined, email: expect.any(String) });

    const error = await failure(
      oidc.refreshTokenGrant(config, narrowed.refresh_token!, { scope: 'openid public_metadata' }),
    );
    expect(error).toMatchObject({
      status: 400,
      error: 'invalid_scope',
      error_description: 'The requested scope "public_metadata" was not part of the original grant',
    });
    // The refused request consumed nothing; the successor still carries the whole grant.
    const full = await oidc.refreshTokenGrant(config, narrowed.refresh_token!);
    expect(full.scope).toBe('openid profile email offline_access');
  });

  it('works only for the client the refresh token was issued to', async () => {
    const first = await signIn();
    const other = await createApp();
    const error = await failure(oidc.refreshTokenGrant(await relyingParty(other), first.refresh_token!));
    expect(error).toMatchObject({
      status: 400,
      error: 'invalid_grant',
      error_description: 'The refresh token was issued to another client',
    });
    await expect(oidc.refreshTokenGrant(config, first.refresh_token!)).resolves.toMatchObject({ token_type: 'bearer' });
  });

  it('gives two concurrent refreshes with the same token the same successor (grace window)', async () => {
    const first = await signIn();
    const refreshOnce = () =>
      postForm('/oauth/token', {
        grant_type: 'refresh_token',
        refresh_token: first.refresh_token!,
        client_id: app.clientId,
        client_secret: app.clientSecret!,
      }).then(async (response) => ({
        status: response.status,
        body: (await response.json()) as { access_token: string; refresh_token: string },
      }));
    const [a, b] = await Promise.all([refreshOnce(), refreshOnce()]);
    expect(a.status).toBe(200);
    expect(b).toEqual(a);
    expect(await peer.introspect(a.body.access_token)).toMatchObject({ active: true });
    await expect(oidc.refreshTokenGrant(config, a.body.refresh_token)).resolves.toMatchObject({ token_type: 'bearer' });
  });

  it('revokes the whole family when a used refresh token comes back after the grace window', async () => {
    const first = await signIn();
    const second = await oidc.refreshTokenGrant(config, first.refresh_token!);
    // REFRESH_REUSE_GRACE_SECONDS is 2 in the stack under test.
    await new Promise((resolve) => setTimeout(resolve, 2500));

    const error = await failure(oidc.refreshTokenGrant(config, first.refresh_token!));
    expect(error).toMatchObject({
      status: 400,
      error: 'invalid_grant',
      error_description: 'The refresh token was already used; the grant has been revoked',
    });
    expect(await peer.introspect(second.access_token)).toEqual({ active: false });
    expect(await peer.introspect(second.refresh_token!)).toEqual({ active: false });
    expect(await failure(oidc.refreshTokenGrant(config, second.refresh_token!))).toMatchObject({
      error: 'invalid_grant',
      error_description: 'The refresh token has been revoked',
    });
  });

  it('lets a public client with offline_access refresh with its client_id alone', async () => {
    const publicApp = await createApp({ public: true });
    const rp = await relyingParty(publicApp, 'none');
    const first = await signIn(rp, publicApp);
    const second = await oidc.refreshTokenGrant(rp, first.refresh_token!);
    expect(second.refresh_token).toMatch(/^ort_/);
  });
});
