import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import * as oidc from 'openid-client';
import { Client } from 'pg';
import { admin, e2e } from '../support/e2e-env';
import {
  callbackUrl,
  connectPeer,
  createApp,
  createUser,
  relyingParty,
  type Peer,
  type TestApp,
} from './token-fixtures';

describe('signing keys: POST /v1/jwks/rotate', () => {
  let peer: Peer;
  let userId: string;
  let app: TestApp;

  beforeAll(async () => {
    peer = await connectPeer();
    userId = await createUser();
    app = await createApp();
  });

  afterAll(async () => {
    // Other suites share this stack and expect a single published key: retire what this suite rotated away
    // (as if the tokens it signed had expired), then rotate once more so every cache drops the old JWKS.
    await admin('/v1/jwks/rotate', { method: 'POST', body: '{}' });
    const db = new Client({ connectionString: e2e.databaseUrl });
    await db.connect();
    await db.query(`UPDATE token.signing_keys SET published_until = now() WHERE status = 'retired'`);
    await db.end();
    await peer?.close();
  });

  async function signIn() {
    const config = await relyingParty(app);
    const { code, verifier } = await peer.mintCode({ clientId: app.clientId, userId });
    return oidc.authorizationCodeGrant(config, callbackUrl(code), {
      pkceCodeVerifier: verifier,
      expectedState: 'state-1234567',
    });
  }

  it('refuses callers without the admin key', async () => {
    const response = await fetch(`${e2e.issuer}/v1/jwks/rotate`, { method: 'POST' });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({
      errors: [
        {
          message: 'Unauthorized request',
          long_message: 'The admin API key in the Authorization header is missing or invalid',
          code: 'authentication_invalid',
          meta: {},
        },
      ],
    });
  });

  it('rotates: new tokens carry the new kid, old tokens keep verifying against the JWKS', async () => {
    const before = await signIn();
    const oldKid = decodeProtectedHeader(before.id_token!).kid;

    const response = await admin('/v1/jwks/rotate', { method: 'POST', body: '{}' });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const rotated = (await response.json()) as { kid: string };
    expect(rotated).toEqual({
      object: 'signing_key',
      kid: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      alg: 'RS256',
      status: 'active',
      created_at: expect.any(Number),
    });
    expect(rotated.kid).not.toBe(oldKid);

    const jwksResponse = await fetch(`${e2e.issuer}/.well-known/jwks.json`);
    const { keys } = (await jwksResponse.json()) as { keys: Array<{ kid: string }> };
    expect(keys.map((key) => key.kid)).toEqual([rotated.kid, oldKid]);

    const after = await signIn();
    expect(decodeProtectedHeader(after.id_token!).kid).toBe(rotated.kid);
    expect(decodeProtectedHeader(after.access_token).kid).toBe(rotated.kid);

    const jwks = createRemoteJWKSet(new URL(`${e2e.issuer}/.well-known/jwks.json`));
    for (const tokens of [before, after]) {
      await expect(
        jwtVerify(tokens.id_token!, jwks, { issuer: e2e.issuer, audience: app.clientId }),
      ).resolves.toBeDefined();
      await expect(jwtVerify(tokens.access_token, jwks, { issuer: e2e.issuer, typ: 'at+jwt' })).resolves.toBeDefined();
      expect(await peer.introspect(tokens.access_token)).toMatchObject({ active: true });
    }
    // openid-client, verifying signatures, still accepts a refresh of the pre-rotation grant.
    await expect(oidc.refreshTokenGrant(await relyingParty(app), before.refresh_token!)).resolves.toMatchObject({
      token_type: 'bearer',
    });
  });
});
