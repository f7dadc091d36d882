import { e2e } from '../support/e2e-env';
import {
  REDIRECT_URI,
  basicAuth,
  connectPeer,
  createApp,
  createUser,
  postForm,
  type Peer,
  type TestApp,
} from './token-fixtures';

/** Every error of the token and revocation endpoints: RFC 6749 §5.2 JSON, uncached, the right status. */
async function expectOAuthError(
  response: Response,
  status: number,
  error: string,
  description: string,
  challenge?: string,
): Promise<void> {
  expect({
    status: response.status,
    body: await response.json(),
    contentType: response.headers.get('content-type'),
    cacheControl: response.headers.get('cache-control'),
    pragma: response.headers.get('pragma'),
    challenge: response.headers.get('www-authenticate'),
  }).toEqual({
    status,
    body: { error, error_description: description },
    contentType: 'application/json; charset=utf-8',
    cacheControl: 'no-store',
    pragma: 'no-cache',
    challenge: challenge ?? null,
  });
}

describe('token endpoint errors (RFC 6749 §5.2)', () => {
  let peer: Peer;
  let userId: string;
  let app: TestApp;
  let auth: { authorization: string };

  beforeAll(async () => {
    peer = await connectPeer();
    userId = await createUser();
    app = await createApp();
    auth = { authorization: basicAuth(app.clientId, app.clientSecret!) };
  });

  afterAll(async () => {
    await peer?.close();
  });

  describe('invalid_request (400)', () => {
    it('for a missing grant_type', async () => {
      await expectOAuthError(
        await postForm('/oauth/token', { code: 'x' }, auth),
        400,
        'invalid_request',
        'The "grant_type" parameter is required',
      );
    });

    it('for a repeated parameter', async () => {
      await expectOAuthError(
        await postForm('/oauth/token', { grant_type: 'authorization_code', code: ['a', 'b'] }, auth),
        400,
        'invalid_request',
        'The "code" parameter must not be repeated',
      );
    });

    it('for a missing code or redirect_uri', async () => {
      await expectOAuthError(
        await postForm('/oauth/token', { grant_type: 'authorization_code', redirect_uri: REDIRECT_URI }, auth),
        400,
        'invalid_request',
        'The "code" parameter is required',
      );
      await expectOAuthError(
        await postForm('/oauth/token', { grant_type: 'authorization_code', code: 'x' }, auth),
        400,
        'invalid_request',
        'The "redirect_uri" parameter is required',
      );
    });

    it('for a malformed code_verifier', async () => {
      const { code } = await peer.mintCode({ clientId: app.clientId, userId });
      await expectOAuthError(
        await postForm(
          '/oauth/token',
          { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, code_verifier: 'too-short' },
          auth,
        ),
        400,
        'invalid_request',
        'The "code_verifier" parameter must be 43 to 128 unreserved characters',
      );
    });

    it('for a JSON body', async () => {
      const response = await fetch(`${e2e.issuer}/oauth/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...auth },
        body: JSON.stringify({ grant_type: 'refresh_token', refresh_token: 'x' }),
      });
      await expectOAuthError(
        response,
        400,
        'invalid_request',
        'The request body must be application/x-www-form-urlencoded',
      );
    });

    it('for two client authentication methods at once', async () => {
      await expectOAuthError(
        await postForm('/oauth/token', { grant_type: 'refresh_token', refresh_token: 'x', client_secret: 's' }, auth),
        400,
        'invalid_request',
        'The client must not use more than one authentication method',
      );
    });
  });

  describe('invalid_client (401, WWW-Authenticate: Basic)', () => {
    const challenge = () => `Basic realm="${e2e.issuer}"`;

    it('without client authentication', async () => {
      await expectOAuthError(
        await postForm('/oauth/token', { grant_type: 'refresh_token', refresh_token: 'x' }),
        401,
        'invalid_client',
        'Client authentication is required',
        challenge(),
      );
    });

    it('with a wrong secret, over Basic or the form', async () => {
      const basic = await postForm(
        '/oauth/token',
        { grant_type: 'refresh_token', refresh_token: 'x' },
        { authorization: basicAuth(app.clientId, 'wrong') },
      );
      expect(basic.status).toBe(401);
      expect(basic.headers.get('www-authenticate')).toBe(challenge());
      expect(await basic.json()).toMatchObject({ error: 'invalid_client' });
      const post = await postForm('/oauth/token', {
        grant_type: 'refresh_token',
        refresh_token: 'x',
        client_id: app.clientId,
        client_secret: 'wrong',
      });
      expect(post.status).toBe(401);
      expect(await post.json()).toMatchObject({ error: 'invalid_client' });
    });

    it('for a confidential client that presents no secret', async () => {
      const response = await postForm('/oauth/token', {
        grant_type: 'refresh_token',
        refresh_token: 'x',
        client_id: app.clientId,
      });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe(challenge());
      expect(await response.json()).toMatchObject({ error: 'invalid_client' });
    });
  });

  it('unsupported_grant_type (400) for grants Tessera does not offer', async () => {
    for (const grantType of ['password', 'client_credentials', 'implicit']) {
      await expectOAuthError(
        await postForm('/oauth/token', { grant_type: grantType }, auth),
        400,
        'unsupported_grant_type',
        `The grant type "${grantType}" is not supported`,
      );
    }
  });

  it('invalid_grant (400) for an unknown code and an unknown refresh token', async () => {
    await expectOAuthError(
      await postForm(
        '/oauth/token',
        { grant_type: 'authorization_code', code: 'nope', redirect_uri: REDIRECT_URI },
        auth,
      ),
      400,
      'invalid_grant',
      'The authorization code is invalid, expired or already used',
    );
    await expectOAuthError(
      await postForm('/oauth/token', { grant_type: 'refresh_token', refresh_token: 'nope' }, auth),
      400,
      'invalid_grant',
      'The refresh token is invalid',
    );
  });

  it('invalid_scope (400) for a refresh that widens the grant', async () => {
    const { code, verifier } = await peer.mintCode({
      clientId: app.clientId,
      userId,
      scopes: ['openid', 'offline_access'],
    });
    const tokens = (await (
      await postForm(
        '/oauth/token',
        { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, code_verifier: verifier },
        auth,
      )
    ).json()) as { refresh_token: string };
    await expectOAuthError(
      await postForm(
        '/oauth/token',
        { grant_type: 'refresh_token', refresh_token: tokens.refresh_token, scope: 'openid email' },
        auth,
      ),
      400,
      'invalid_scope',
      'The requested scope "email" was not part of the original grant',
    );
  });

  describe('the revocation endpoint', () => {
    it('refuses a request without a token (400 invalid_request)', async () => {
      await expectOAuthError(
        await postForm('/oauth/token/revoke', { token_type_hint: 'access_token' }, auth),
        400,
        'invalid_request',
        'The "token" parameter is required',
      );
    });

    it('refuses an unauthenticated client (401 invalid_client)', async () => {
      await expectOAuthError(
        await postForm('/oauth/token/revoke', { token: 'x' }),
        401,
        'invalid_client',
        'Client authentication is required',
        `Basic realm="${e2e.issuer}"`,
      );
    });
  });
});
