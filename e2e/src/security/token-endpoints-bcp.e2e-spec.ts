import { e2e } from '../support/e2e-env';
import {
  basicAuth,
  connectPeer,
  createApp,
  createUser,
  postForm,
  REDIRECT_URI,
  type Peer,
  type TestApp,
} from '../token/token-fixtures';
import { bearer, signIn } from '../userinfo/userinfo-fixtures';

/*
 * RFC 9700 at the endpoints that hand out or describe tokens: nothing they answer may be stored by a cache
 * (RFC 6749 §5.1, RFC 7662 §2.2, OpenID Connect Core §5.3.2 — errors as much as successes, an error can name a
 * client or a token's state), and no credential or grant is ever read from a URL. The successes' headers are
 * also asserted by the token, userinfo and registration suites; this sweep adds every error answer.
 */

describe('RFC 9700 at the token, revocation, introspection, userinfo and registration endpoints', () => {
  let peer: Peer;
  let app: TestApp;
  let userId: string;

  beforeAll(async () => {
    peer = await connectPeer();
    app = await createApp();
    userId = await createUser();
  });
  afterAll(() => peer.close());

  it('answers every request, success or error, with Cache-Control: no-store and Pragma: no-cache', async () => {
    const client = { authorization: basicAuth(app.clientId, app.clientSecret ?? '') };
    const { tokens } = await signIn(peer, app, userId, ['openid', 'email', 'offline_access']);
    const { code, verifier } = await peer.mintCode({ clientId: app.clientId, userId });
    const answers: Array<[string, Response]> = [
      ['token: invalid_request', await postForm('/oauth/token', {}, client)],
      ['token: invalid_client', await postForm('/oauth/token', { grant_type: 'refresh_token', refresh_token: 'x' })],
      [
        'token: invalid_grant',
        await postForm('/oauth/token', { grant_type: 'refresh_token', refresh_token: 'x' }, client),
      ],
      ['token: unsupported_grant_type', await postForm('/oauth/token', { grant_type: 'password' }, client)],
      [
        'token: success',
        await postForm(
          '/oauth/token',
          { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, code_verifier: verifier },
          client,
        ),
      ],
      ['revoke: invalid_request', await postForm('/oauth/token/revoke', {}, client)],
      ['revoke: invalid_client', await postForm('/oauth/token/revoke', { token: 'x' })],
      ['revoke: success', await postForm('/oauth/token/revoke', { token: 'unknown' }, client)],
      ['token_info: invalid_request', await postForm('/oauth/token_info', {}, client)],
      ['token_info: invalid_client', await postForm('/oauth/token_info', { token: tokens.access_token })],
      ['token_info: active', await postForm('/oauth/token_info', { token: tokens.access_token }, client)],
      ['token_info: inactive', await postForm('/oauth/token_info', { token: 'unknown' }, client)],
      ['userinfo: no token', await fetch(`${e2e.issuer}/oauth/userinfo`)],
      ['userinfo: invalid_token', await fetch(`${e2e.issuer}/oauth/userinfo`, { headers: bearer('unknown') })],
      ['userinfo: invalid_request', await fetch(`${e2e.issuer}/oauth/userinfo?access_token=x`)],
      ['userinfo: success', await fetch(`${e2e.issuer}/oauth/userinfo`, { headers: bearer(tokens.access_token) })],
      [
        'register: invalid_client_metadata',
        await fetch(`${e2e.issuer}/oauth/register`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ redirect_uris: ['https://rp.example.com/cb'], grant_types: ['password'] }),
        }),
      ],
      [
        'register: invalid_request',
        await fetch(`${e2e.issuer}/oauth/register`, { method: 'POST', body: 'redirect_uris=x' }),
      ],
    ];
    const headers = answers.map(([name, response]) => [
      name,
      response.headers.get('cache-control'),
      response.headers.get('pragma'),
    ]);
    expect(headers).toEqual(answers.map(([name]) => [name, 'no-store', 'no-cache']));
    expect(answers.find(([name]) => name === 'token: success')?.[1].status).toBe(200);
    expect(answers.find(([name]) => name === 'userinfo: success')?.[1].status).toBe(200);
  });

  it('never reads a grant or client credentials from the query string of the token endpoint', async () => {
    const { code, verifier } = await peer.mintCode({ clientId: app.clientId, userId });
    const inQuery = new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT_URI,
      code_verifier: verifier,
      client_id: app.clientId,
      client_secret: app.clientSecret ?? '',
    });
    const post = await fetch(`${e2e.issuer}/oauth/token?${inQuery}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: '',
    });
    expect(post.status).toBe(400);
    expect(await post.json()).toEqual({
      error: 'invalid_request',
      error_description: 'The "grant_type" parameter is required',
    });
    const get = await fetch(`${e2e.issuer}/oauth/token?${inQuery}`);
    expect(get.status).toBe(404);
    // The code was never touched: it still redeems once, from the body.
    const redeemed = await postForm(
      '/oauth/token',
      { grant_type: 'authorization_code', code, redirect_uri: REDIRECT_URI, code_verifier: verifier },
      { authorization: basicAuth(app.clientId, app.clientSecret ?? '') },
    );
    expect(redeemed.status).toBe(200);
  });
});
