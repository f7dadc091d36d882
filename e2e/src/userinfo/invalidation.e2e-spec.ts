import * as oidc from 'openid-client';
import { admin } from '../support/e2e-env';
import {
  connectPeer,
  createApp,
  createOrganization,
  createUser,
  relyingParty,
  type Peer,
  type TestApp,
} from '../token/token-fixtures';
import { eventually } from '@tessera/testing';
import { bearer, signIn, userinfoRequest } from './userinfo-fixtures';

/**
 * What depends on events from the token and accounts services: JWT access tokens are verified inside the userinfo
 * service, so their revocation reaches it as `oauth_token.revoked`; profiles are cached, so changes reach it as
 * `user.*`, `membership.*` and `organization.*` events.
 */
describe('userinfo after revocations and profile changes (events)', () => {
  let peer: Peer;
  let jwtApp: TestApp;
  let opaqueApp: TestApp;

  beforeAll(async () => {
    peer = await connectPeer();
    jwtApp = await createApp();
    opaqueApp = await createApp({ access_token_format: 'opaque' });
  });

  afterAll(async () => {
    await peer?.close();
  });

  const status = async (token: string) => (await userinfoRequest({ headers: bearer(token) })).status;
  const introspect = (app: TestApp, token: string) =>
    relyingParty(app).then((config) => oidc.tokenIntrospection(config, token));

  it('a revoked JWT access token stops working at userinfo and token_info', async () => {
    const userId = await createUser();
    const { config, tokens } = await signIn(peer, jwtApp, userId, ['openid', 'offline_access']);
    expect(await status(tokens.access_token)).toBe(200);
    await oidc.tokenRevocation(config, tokens.refresh_token!);
    await eventually(async () => expect(await status(tokens.access_token)).toBe(401));
    expect(await introspect(jwtApp, tokens.access_token)).toEqual({ active: false });
  });

  it('the JWT access tokens of a grant revoked by refresh-token reuse stop working', async () => {
    const userId = await createUser();
    const { config, tokens } = await signIn(peer, jwtApp, userId, ['openid', 'offline_access']);
    const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
    expect(await status(refreshed.access_token)).toBe(200);
    // REFRESH_REUSE_GRACE_SECONDS is 2 in the stack under test: a reuse after it revokes the grant.
    await new Promise((resolve) => setTimeout(resolve, 2500));
    await expect(oidc.refreshTokenGrant(config, tokens.refresh_token!)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
    await eventually(async () => expect(await status(refreshed.access_token)).toBe(401));
    expect(await status(tokens.access_token)).toBe(401);
  });

  it('a profile update shows up once the cached profile is invalidated', async () => {
    const userId = await createUser();
    for (const app of [jwtApp, opaqueApp]) {
      const { config, tokens } = await signIn(peer, app, userId, ['openid', 'profile']);
      await expect(oidc.fetchUserInfo(config, tokens.access_token, userId)).resolves.toMatchObject({
        given_name: 'Ada',
      });
    }
    const update = await admin(`/v1/users/${userId}`, {
      method: 'PATCH',
      body: JSON.stringify({ first_name: 'Augusta', public_metadata: { plan: 'enterprise' } }),
    });
    expect(update.status).toBe(200);
    for (const app of [jwtApp, opaqueApp]) {
      const { config, tokens } = await signIn(peer, app, userId, ['openid', 'profile', 'public_metadata']);
      await eventually(async () =>
        expect(await oidc.fetchUserInfo(config, tokens.access_token, userId)).toMatchObject({
          given_name: 'Augusta',
          name: 'Augusta Lovelace',
          public_metadata: { plan: 'enterprise' },
        }),
      );
    }
  });

  it('an organization’s new name shows up, and its removal takes the org claims away', async () => {
    const userId = await createUser();
    const orgId = await createOrganization(userId);
    const { config, tokens } = await signIn(peer, jwtApp, userId, ['openid', 'user:org:read'], orgId);
    await expect(oidc.fetchUserInfo(config, tokens.access_token, userId)).resolves.toMatchObject({ org_id: orgId });
    const rename = await admin(`/v1/organizations/${orgId}`, {
      method: 'PATCH',
      body: JSON.stringify({ name: 'Difference Engines', slug: `difference-${orgId.slice(-6).toLowerCase()}` }),
    });
    expect(rename.status).toBe(200);
    await eventually(async () =>
      expect(await oidc.fetchUserInfo(config, tokens.access_token, userId)).toMatchObject({
        org_id: orgId,
        org_name: 'Difference Engines',
      }),
    );
    expect((await admin(`/v1/organizations/${orgId}`, { method: 'DELETE' })).status).toBe(200);
    await eventually(async () => {
      const claims = await oidc.fetchUserInfo(config, tokens.access_token, userId).catch((error: unknown) => error);
      // Deleting the organization may also revoke the grant: either way its claims are gone.
      if (claims instanceof Error) return;
      expect(claims).not.toHaveProperty('org_id');
    });
  });

  it('the cached profile of a deleted user no longer answers', async () => {
    const userId = await createUser();
    const { tokens } = await signIn(peer, jwtApp, userId, ['openid']);
    expect(await status(tokens.access_token)).toBe(200);
    expect((await admin(`/v1/users/${userId}`, { method: 'DELETE' })).status).toBe(200);
    await eventually(async () => expect(await status(tokens.access_token)).toBe(401));
  });
});
