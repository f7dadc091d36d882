import fc from 'fast-check';
import { e2e } from '../support/e2e-env';
import { createApp, REDIRECT_URI, type TestApp } from '../token/token-fixtures';
import { answerProblems, expectProperAnswer, type EndpointFamily } from './support/answer-checks';
import { ownLoopbackAddress, rawRequest, send, sendRaw } from './support/http-client';
import { fuzz } from './support/fuzz';
import { authorizePath } from './support/loopback-browser';
import { expectStackAlive } from './support/stack-health';

/*
 * The edge under malformed HTTP: wrong content types, JSON for forms and forms for JSON, bodies, headers and URLs
 * over the limits, bytes that are not UTF-8 (raw and percent-encoded), CRLF injection, request smuggling, a forged
 * Host. Each answer is exact where the behaviour is specified, and always in the shape of the endpoint's family.
 */

const SOURCE = ownLoopbackAddress();

const POST_ENDPOINTS: ReadonlyArray<[string, EndpointFamily]> = [
  ['/oauth/token', 'oauth'],
  ['/oauth/token/revoke', 'oauth'],
  ['/oauth/token_info', 'oauth'],
  ['/oauth/userinfo', 'oauth'],
  ['/oauth/register', 'oauth'],
  ['/oauth/authorize', 'page'],
  ['/sign-in', 'page'],
  ['/consent', 'page'],
  ['/sign-out', 'page'],
  ['/account/authorized-apps/revoke', 'page'],
  ['/v1/users', 'admin'],
  ['/v1/oauth_applications', 'admin'],
];

const post = (
  path: string,
  contentType: string | undefined,
  body: string | Buffer,
  headers: Record<string, string> = {},
) =>
  send({
    method: 'POST',
    path,
    headers: {
      origin: new URL(e2e.issuer).origin,
      ...(path.startsWith('/v1/') ? { authorization: `Bearer ${e2e.adminKey}` } : {}),
      ...(contentType ? { 'content-type': contentType } : {}),
      ...headers,
    },
    body,
    sourceAddress: SOURCE,
  });

const oauthError = (text: string) => JSON.parse(text) as { error: string; error_description: string };

describe('malformed HTTP at the edge', () => {
  let app: TestApp;
  let pidsBefore: Record<string, number | undefined>;

  beforeAll(async () => {
    pidsBefore = await expectStackAlive();
    app = await createApp();
  });

  describe('content types', () => {
    it.each(
      POST_ENDPOINTS.flatMap(([path, family]) =>
        ['application/xml', 'multipart/form-data; boundary=x'].map((type) => [path, type, family] as const),
      ),
    )('POST %s refuses %s with 415 in its own error shape', async (path, contentType, family) => {
      const answer = await post(path, contentType, 'a=b');
      expect(answer.status).toBe(415);
      expectProperAnswer(answer, family);
    });

    it.each(['/oauth/token', '/oauth/token/revoke', '/oauth/token_info'])(
      'POST %s refuses JSON where a form is expected (RFC 6749 §3.2) with 400 invalid_request',
      async (path) => {
        const answer = await post(
          path,
          'application/json',
          JSON.stringify({ grant_type: 'refresh_token', token: 'x' }),
        );
        expect(answer.status).toBe(400);
        expect(oauthError(answer.text)).toEqual({
          error: 'invalid_request',
          error_description: 'The request body must be application/x-www-form-urlencoded',
        });
      },
    );

    it('POST /oauth/userinfo refuses an access token in a JSON body (RFC 6750 §2.2)', async () => {
      const answer = await post('/oauth/userinfo', 'application/json', JSON.stringify({ access_token: 'abc' }));
      expect(answer.status).toBe(400);
      expect(oauthError(answer.text).error).toBe('invalid_request');
    });

    it('POST /oauth/register refuses a form where JSON is expected (RFC 7591 §3.1)', async () => {
      const answer = await post(
        '/oauth/register',
        'application/x-www-form-urlencoded',
        'redirect_uris=https://a.example/cb',
      );
      expect(answer.status).toBe(400);
      expect(oauthError(answer.text)).toEqual({
        error: 'invalid_request',
        error_description: 'The registration request must be sent as application/json',
      });
    });

    it.each(['/sign-in', '/consent', '/oauth/authorize'])(
      'POST %s answers a JSON body with an error page',
      async (path) => {
        const answer = await post(path, 'application/json', JSON.stringify({ interaction: 'x', csrf_token: 'y' }));
        expect(answer.status).toBe(400);
        expectProperAnswer(answer, 'page');
      },
    );
  });

  describe('sizes', () => {
    it.each(POST_ENDPOINTS)('POST %s refuses a body over BODY_LIMIT_BYTES with 413', async (path, family) => {
      const answer = await post(path, 'application/x-www-form-urlencoded', `a=${'x'.repeat(70_000)}`);
      expect(answer.status).toBe(413);
      expectProperAnswer(answer, family);
    });

    it.each([
      ['/oauth/register', 'oauth', 'invalid_request'],
      ['/v1/users', 'admin', 'request_body_invalid'],
      ['/v1/organizations', 'admin', 'request_body_invalid'],
    ] as const)(
      'POST %s refuses JSON nested deeper than 64 levels with 400, however deep',
      async (path, family, code) => {
        const nested = (depth: number) => `${'['.repeat(depth)}1${']'.repeat(depth)}`;
        for (const body of [
          nested(20_000),
          `${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}`,
          // Inside a field that takes any JSON: 9 000 levels once overflowed the stack on the way to the service.
          `{"name":"Deep","email_address":["deep@example.com"],"public_metadata":{"a":${nested(9_000)}}}`,
          `{"redirect_uris":["https://rp.example.com/cb"],"software_statement_extra":${nested(65)}}`,
        ]) {
          const answer = await post(path, 'application/json', body);
          expect(answer.status).toBe(400);
          expectProperAnswer(answer, family);
          const parsed = JSON.parse(answer.text) as { error?: string; errors?: Array<{ code: string }> };
          expect(parsed.error ?? parsed.errors?.[0].code).toBe(code);
        }
      },
    );

    it('accepts metadata nested 64 levels deep', async () => {
      const metadata = JSON.parse(`${'{"a":'.repeat(63)}1${'}'.repeat(63)}`) as object;
      const answer = await post(
        '/v1/users',
        'application/json',
        JSON.stringify({ email_address: [`deep-${Date.now()}@example.com`], public_metadata: metadata }),
      );
      expect(answer.status).toBe(200);
    });

    it.each(['/oauth/token', '/sign-in', '/v1/users', '/.well-known/openid-configuration'])(
      'answers headers over 16 KiB at %s with 431 and an OAuth error (no route is known yet)',
      async (path) => {
        const answer = await send({ path, headers: { 'x-padding': 'p'.repeat(20_000) }, sourceAddress: SOURCE });
        expect(answer.status).toBe(431);
        expect(oauthError(answer.text)).toEqual({
          error: 'invalid_request',
          error_description: 'The request line or headers are too large',
        });
        expect(answer.headers['x-frame-options']).toBe('DENY');
      },
    );

    it('answers an overlong URL with 431, and a long one within the limit normally', async () => {
      for (const length of [17_000, 100_000, 1_000_000]) {
        const answer = await sendRaw(rawRequest('GET', `/oauth/authorize?state=${'s'.repeat(length)}`));
        expect(answer.status).toBe(431);
        expect(oauthError(answer.text).error).toBe('invalid_request');
      }
      const long = await send({
        path: authorizePath({ client_id: app.clientId, redirect_uri: REDIRECT_URI, state: 's'.repeat(12_000) }),
        sourceAddress: SOURCE,
      });
      expectProperAnswer(long, 'page', { redirectTargets: [REDIRECT_URI] });
    });

    it('answers a path parameter over the router limit with 414 in the family’s shape', async () => {
      const admin = await send({
        path: `/v1/users/${'u'.repeat(300)}`,
        headers: { authorization: `Bearer ${e2e.adminKey}` },
        sourceAddress: SOURCE,
      });
      expect(admin.status).toBe(414);
      expectProperAnswer(admin, 'admin');
      expect(admin.text).not.toContain('uuuuuuuu');
    });
  });

  describe('bytes that are not UTF-8', () => {
    it.each([
      ['/oauth/%E0%A4%A', 'oauth'],
      ['/oauth/token/%FF', 'oauth'],
      ['/sign-in/%C3%28', 'page'],
      ['/v1/users/%ED%A0%80', 'admin'],
    ] as const)('answers the path %s with 400 in its family’s shape, without echoing it', async (path, family) => {
      const answer = await send({
        path,
        headers: family === 'admin' ? { authorization: `Bearer ${e2e.adminKey}` } : {},
        sourceAddress: SOURCE,
      });
      expect(answer.status).toBe(400);
      expectProperAnswer(answer, family);
      expect(answer.text).not.toContain(path);
    });

    it.each(['%FF', '%C3%28', '%ED%A0%80', '%E0%A4%A', '%00'])(
      'keeps a malformed %s in the authorization request from reaching a redirect',
      async (bad) => {
        const answer = await send({
          path: `${authorizePath({ client_id: app.clientId })}&redirect_uri=${encodeURIComponent(REDIRECT_URI)}${bad}`,
          sourceAddress: SOURCE,
        });
        expect(answer.status).toBe(400);
        expectProperAnswer(answer, 'page');
      },
    );

    it('decodes a character whose UTF-8 bytes arrive in two packets', async () => {
      // The gateway reads a body as bytes and decodes it once: 'ë' (0xC3 0xAB) split between two writes must
      // still be one 'ë', not two replacement characters.
      const email = `split.${Date.now()}@example.com`;
      const body = Buffer.from(JSON.stringify({ email_address: [email], first_name: 'Zoë' }), 'utf8');
      const split = body.indexOf(0xab);
      const request = rawRequest(
        'POST',
        '/v1/users',
        [
          ['authorization', `Bearer ${e2e.adminKey}`],
          ['content-type', 'application/json'],
          ['content-length', String(body.length)],
        ],
        body,
      );
      const headLength = request.length - body.length;
      const answer = await sendRaw([request.subarray(0, headLength + split), request.subarray(headLength + split)]);
      expect(answer.status).toBe(200);
      expect((JSON.parse(answer.text) as { first_name: string }).first_name).toBe('Zoë');
    });

    it('answers a form body that is not UTF-8 with 400 invalid_request', async () => {
      const answer = await post(
        '/oauth/token',
        'application/x-www-form-urlencoded',
        Buffer.concat([Buffer.from('grant_type=authorization_code&code='), Buffer.from([0xff, 0xfe, 0xc3, 0x28])]),
      );
      expect(answer.status).toBe(400);
      expect(oauthError(answer.text)).toEqual({
        error: 'invalid_request',
        error_description: 'The request body is not valid UTF-8',
      });
    });

    it('answers a JSON body that is not UTF-8 with 400 invalid_request', async () => {
      const answer = await post(
        '/v1/users',
        'application/json',
        Buffer.concat([
          Buffer.from('{"email_address":["a@example.com"],"first_name":"'),
          Buffer.from([0xff, 0x22, 0x7d]),
        ]),
      );
      expect(answer.status).toBe(400);
      expectProperAnswer(answer, 'admin');
    });

    it.each([
      ['the request target', rawRequest('GET', '/oauth/authorize?state=\xff\xfe')],
      ['a header name', rawRequest('GET', '/oauth/authorize', [['x-\xff', '1']])],
      ['a header value (control character)', rawRequest('GET', '/sign-in', [['cookie', 'tessera_session=\x01']])],
    ])('answers raw bytes in %s with 400 and an OAuth error', async (_, request) => {
      const answer = await sendRaw(request);
      expect(answer.status).toBe(400);
      expect(oauthError(answer.text)).toEqual({
        error: 'invalid_request',
        error_description: 'The request is not well-formed HTTP',
      });
    });

    it('treats non-ASCII bytes in Authorization as failed client authentication, not a crash', async () => {
      const answer = await sendRaw(
        rawRequest(
          'POST',
          '/oauth/token',
          [
            ['authorization', 'Basic \xff\xfe\xfd'],
            ['content-type', 'application/x-www-form-urlencoded'],
            ['content-length', '29'],
          ],
          'grant_type=authorization_code',
        ),
      );
      expect(answer.status).toBe(401);
      expect(oauthError(answer.text).error).toBe('invalid_client');
    });
  });

  describe('header injection', () => {
    it('percent-encodes a CRLF in state: the redirect carries it as data, no header is added', async () => {
      const state = 'x\r\nSet-Cookie: injected=1\r\ninjected: 1';
      const answer = await sendRaw(
        rawRequest(
          'GET',
          authorizePath({ client_id: app.clientId, redirect_uri: REDIRECT_URI, state, response_type: 'token' }),
        ),
      );
      expect(answer.status).toBe(303);
      expect(answer.raw).not.toMatch(/\r\n(?:set-cookie: injected|injected:)/i);
      const location = new URL(String(answer.headers.location));
      expect(`${location.origin}${location.pathname}`).toBe(REDIRECT_URI);
      expect(location.searchParams.get('state')).toBe(state);
      expect(answerProblems(answer, 'page', { redirectTargets: [REDIRECT_URI] })).toEqual([]);
    });

    it('never redirects to a redirect_uri carrying a CRLF', async () => {
      for (const redirectUri of [`${REDIRECT_URI}\r\ninjected: 1`, `${REDIRECT_URI}%0d%0ainjected:%201`]) {
        const answer = await sendRaw(
          rawRequest('GET', authorizePath({ client_id: app.clientId, redirect_uri: redirectUri })),
        );
        expect(answer.status).toBe(400);
        expect(answer.headers.location).toBeUndefined();
        expect(answer.raw).not.toMatch(/\r\ninjected:/i);
      }
    });

    it('refuses obsolete line folding (a header continued on the next line)', async () => {
      const answer = await sendRaw(
        Buffer.from(
          `GET /oauth/authorize HTTP/1.1\r\nhost: ${new URL(e2e.issuer).host}\r\nx-a: 1\r\n injected: 1\r\nconnection: close\r\n\r\n`,
          'latin1',
        ),
      );
      expect(answer.status).toBe(400);
    });

    it.each([
      [
        'Content-Length and Transfer-Encoding together',
        [
          ['content-length', '3'],
          ['transfer-encoding', 'chunked'],
        ],
      ],
      [
        'two different Content-Lengths',
        [
          ['content-length', '3'],
          ['content-length', '5'],
        ],
      ],
      ['a malformed chunk size', [['transfer-encoding', 'chunked']]],
    ] as const)('refuses request smuggling: %s', async (_, headers) => {
      const answer = await sendRaw(
        rawRequest(
          'POST',
          '/oauth/token',
          [['content-type', 'application/x-www-form-urlencoded'], ...headers],
          'zz\r\nabc\r\n0\r\n\r\n',
        ),
      );
      expect(answer.status).toBe(400);
      expect(oauthError(answer.text).error).toBe('invalid_request');
    });

    it('builds every URL from the issuer, never from Host or X-Forwarded-Host', async () => {
      const forged = { host: 'evil.example', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' };
      const started = await send({
        path: authorizePath({ client_id: app.clientId, redirect_uri: REDIRECT_URI }),
        headers: forged,
        sourceAddress: SOURCE,
      });
      expect(started.status).toBe(303);
      expect(started.headers.location).toMatch(new RegExp(`^${e2e.issuer}/sign-in\\?interaction=`));
      const page = await send({
        path: new URL(String(started.headers.location)).pathname + new URL(String(started.headers.location)).search,
        headers: forged,
        sourceAddress: SOURCE,
      });
      expect(page.text).not.toContain('evil.example');
      const discovery = await send({
        path: '/.well-known/openid-configuration',
        headers: forged,
        sourceAddress: SOURCE,
      });
      expect(JSON.parse(discovery.text)).toMatchObject({ issuer: e2e.issuer });
      expect(discovery.text).not.toContain('evil.example');
    });
  });

  describe('methods', () => {
    it.each([
      ['PUT', '/oauth/token'],
      ['DELETE', '/oauth/authorize'],
      ['PATCH', '/oauth/userinfo'],
      ['TRACE', '/oauth/token'],
      ['GET', '/oauth/token'],
      ['GET', '/oauth/token_info'],
    ])('answers %s %s with a 404 OAuth error', async (method, path) => {
      const answer = await send({ method, path, sourceAddress: SOURCE });
      expect(answer.status).toBe(404);
      expectProperAnswer(answer, path === '/oauth/authorize' ? 'page' : 'oauth');
    });
  });

  it('answers any garbled request line with a 4xx, within the time a client waits', async () => {
    const token = fc.string({ unit: 'binary-ascii', maxLength: 12 }).map((text) => text.replace(/[\r\n]/g, ''));
    await fuzz(
      fc.record({
        method: token,
        target: token,
        version: fc.constantFrom('HTTP/1.1', 'HTTP/1.0', 'HTTP/9.9', '', 'http/1.1'),
      }),
      async ({ method, target, version }) => {
        const answer = await sendRaw(
          `${method} /${target} ${version}\r\nhost: ${new URL(e2e.issuer).host}\r\nconnection: close\r\n\r\n`,
          5_000,
        );
        expect(answer.status).toBeGreaterThanOrEqual(400);
        expect(answer.status).toBeLessThan(500);
      },
      60,
    );
  });

  it('leaves every process alive, answering, and not restarted', async () => {
    expect(await expectStackAlive()).toEqual(pidsBefore);
  });
});
