import fc from 'fast-check';
import {
  basicAuth,
  connectPeer,
  createApp,
  createUser,
  REDIRECT_URI,
  type Peer,
  type TestApp,
} from '../token/token-fixtures';
import { signIn } from '../userinfo/userinfo-fixtures';
import { expectProperAnswer, type EndpointFamily } from './support/answer-checks';
import { ownLoopbackAddress, send } from './support/http-client';
import {
  fuzz,
  headerSafe,
  hostileBody,
  hostileString,
  MARKUP_PROBES,
  mutatedJson,
  paramList,
  requestParams,
  unknownPathStatus,
  wellFormed,
} from './support/fuzz';
import { expectStackAlive } from './support/stack-health';

/*
 * Property: whatever arrives at a public endpoint — random and boundary values for every parameter, repeated
 * parameters, unknown ones, malformed percent-encodings, any content type and body, garbage credentials — the
 * answer is a proper error for that kind of endpoint (or a legitimate success when the input happens to be
 * valid), never a 5xx or a leak; and every process is still up afterwards.
 */

/** This file's own source address (see ownLoopbackAddress). */
const SOURCE = ownLoopbackAddress();
const CHALLENGE = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';

const AUTHORIZE_PARAMS = [
  'response_type',
  'client_id',
  'redirect_uri',
  'scope',
  'state',
  'nonce',
  'code_challenge',
  'code_challenge_method',
  'prompt',
  'max_age',
  'login_hint',
  'id_token_hint',
  'response_mode',
  'request',
  'request_uri',
  'resource',
];
const TOKEN_PARAMS = [
  'grant_type',
  'code',
  'redirect_uri',
  'code_verifier',
  'refresh_token',
  'scope',
  'client_id',
  'client_secret',
  'resource',
];
const REVOKE_PARAMS = ['token', 'token_type_hint', 'client_id', 'client_secret'];
const TOKEN_INFO_PARAMS = ['token', 'token_type_hint', 'scope', 'client_id', 'client_secret'];
const USERINFO_PARAMS = ['access_token', 'scope'];
const REGISTER_FIELDS = [
  'redirect_uris',
  'client_name',
  'token_endpoint_auth_method',
  'grant_types',
  'response_types',
  'scope',
  'logo_uri',
  'client_uri',
  'policy_uri',
  'tos_uri',
  'contacts',
  'software_id',
];

interface Endpoint {
  method: 'GET' | 'POST';
  path: string;
  family: EndpointFamily;
  params: readonly string[];
  /** Where the parameters go (a POST may carry a query too), and the body's proper encoding. */
  carrier: 'query' | 'form' | 'json';
  /** A valid request, which the fuzzer mutates. */
  baseline: () => Record<string, string>;
  runs: number;
}

describe('hostile input at the public OAuth endpoints (property-based)', () => {
  const peer = { current: undefined as Peer | undefined };
  let app: TestApp;
  let tokens: { access: string; refresh: string };
  let pidsBefore: Record<string, number | undefined>;
  /** Values the fuzzer mixes in so that requests get past the first checks and reach deeper ones. */
  let known: string[];
  let authorizations: fc.Arbitrary<string | undefined>;

  beforeAll(async () => {
    pidsBefore = await expectStackAlive();
    peer.current = await connectPeer();
    app = await createApp();
    const userId = await createUser();
    const signedIn = await signIn(peer.current, app, userId, ['openid', 'profile', 'email', 'offline_access']);
    tokens = { access: signedIn.tokens.access_token, refresh: signedIn.tokens.refresh_token ?? '' };
    const secret = app.clientSecret ?? '';
    known = [
      app.clientId,
      secret,
      REDIRECT_URI,
      tokens.access,
      tokens.refresh,
      'code',
      'authorization_code',
      'refresh_token',
      'client_credentials',
      'S256',
      'plain',
      CHALLENGE,
      'openid profile email offline_access',
      'none',
      'login consent',
      'form_post',
      `oat_${'0'.repeat(64)}`,
      'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.',
      ...MARKUP_PROBES,
    ];
    authorizations = fc.oneof(
      { weight: 4, arbitrary: fc.constant(basicAuth(app.clientId, secret)) },
      { weight: 1, arbitrary: fc.constant(undefined) },
      { weight: 1, arbitrary: fc.constant(basicAuth(app.clientId, 'wrong')) },
      { weight: 1, arbitrary: hostileString.map((value) => basicAuth(app.clientId, wellFormed(value))) },
      { weight: 1, arbitrary: hostileString.map((value) => headerSafe(`Basic ${value}`)) },
      { weight: 1, arbitrary: hostileString.map((value) => headerSafe(`Bearer ${value}`)) },
      {
        weight: 1,
        arbitrary: fc.constantFrom(
          'Basic',
          'Bearer',
          'Bearer  ',
          'bearer a b',
          `Bearer ${'A'.repeat(9000)}`,
          'Basic ====',
        ),
      },
    );
  });
  afterAll(() => peer.current?.close());
  const live = (value: string) => value === tokens.access || value === tokens.refresh;

  const authorizeRequest = () => ({
    response_type: 'code',
    client_id: app.clientId,
    redirect_uri: REDIRECT_URI,
    scope: 'openid email',
    state: 'fuzz-state',
    code_challenge: CHALLENGE,
    code_challenge_method: 'S256',
  });

  const endpoints: Endpoint[] = [
    {
      method: 'GET',
      path: '/oauth/authorize',
      family: 'page',
      params: AUTHORIZE_PARAMS,
      carrier: 'query',
      baseline: authorizeRequest,
      runs: 150,
    },
    {
      method: 'POST',
      path: '/oauth/authorize',
      family: 'page',
      params: AUTHORIZE_PARAMS,
      carrier: 'form',
      baseline: authorizeRequest,
      runs: 100,
    },
    {
      method: 'POST',
      path: '/oauth/token',
      family: 'oauth',
      params: TOKEN_PARAMS,
      carrier: 'form',
      baseline: () => ({
        grant_type: 'authorization_code',
        code: 'A'.repeat(43),
        redirect_uri: REDIRECT_URI,
        code_verifier: 'v'.repeat(43),
      }),
      runs: 150,
    },
    {
      method: 'POST',
      path: '/oauth/token',
      family: 'oauth',
      params: TOKEN_PARAMS,
      carrier: 'form',
      baseline: () => ({ grant_type: 'refresh_token', refresh_token: `ort_${'A'.repeat(43)}`, scope: 'openid' }),
      runs: 80,
    },
    {
      method: 'POST',
      path: '/oauth/token/revoke',
      family: 'oauth',
      params: REVOKE_PARAMS,
      carrier: 'form',
      baseline: () => ({ token: `oat_${'1'.repeat(64)}`, token_type_hint: 'access_token' }),
      runs: 100,
    },
    {
      method: 'POST',
      path: '/oauth/token_info',
      family: 'oauth',
      params: TOKEN_INFO_PARAMS,
      carrier: 'form',
      baseline: () => ({ token: tokens.access, scope: 'openid' }),
      runs: 100,
    },
    {
      method: 'GET',
      path: '/oauth/userinfo',
      family: 'oauth',
      params: USERINFO_PARAMS,
      carrier: 'query',
      baseline: () => ({}),
      runs: 100,
    },
    {
      method: 'POST',
      path: '/oauth/userinfo',
      family: 'oauth',
      params: USERINFO_PARAMS,
      carrier: 'form',
      baseline: () => ({ access_token: tokens.access }),
      runs: 100,
    },
    ...['/.well-known/openid-configuration', '/.well-known/oauth-authorization-server', '/.well-known/jwks.json'].map(
      (path): Endpoint => ({
        method: 'GET',
        path,
        family: 'document',
        params: ['a'],
        carrier: 'query',
        baseline: () => ({}),
        runs: 50,
      }),
    ),
  ];

  it.each(endpoints.map((endpoint) => [`${endpoint.method} ${endpoint.path}`, endpoint] as const))(
    '%s answers every request properly',
    async (_, endpoint) => {
      // Only the read-only endpoints see the live tokens: revoking or refreshing (twice: reuse) would revoke them.
      const readOnly = endpoint.path === '/oauth/token_info' || endpoint.path === '/oauth/userinfo';
      const values = readOnly ? known : known.filter((value) => !live(value));
      const params = requestParams(endpoint.baseline(), endpoint.params, values);
      const bearer = fc.oneof(
        { weight: 2, arbitrary: fc.constant(`Bearer ${tokens.access}`) },
        { weight: 3, arbitrary: authorizations },
      );
      const request = fc.record({
        query: endpoint.carrier === 'query' ? params : paramList(endpoint.params, values),
        body:
          endpoint.carrier === 'query'
            ? fc.constant<{ contentType?: string; body?: string | Buffer }>({})
            : hostileBody(params, 'form'),
        authorization: endpoint.path === '/oauth/userinfo' ? bearer : authorizations,
        origin: fc.option(fc.constantFrom('https://evil.example', 'null', new URL(REDIRECT_URI).origin)),
        cookie: fc.option(hostileString.map((value) => headerSafe(`tessera_session=${value}; tessera_csrf=${value}`))),
        requestId: fc.option(hostileString.map(headerSafe)),
        queryOnPost: fc.boolean(),
      });
      await fuzz(
        request,
        async ({ query, body, authorization, origin, cookie, requestId, queryOnPost }) => {
          const withQuery = endpoint.carrier === 'query' || queryOnPost;
          const answer = await send({
            method: endpoint.method,
            path: withQuery && query.encoded ? `${endpoint.path}?${query.encoded}` : endpoint.path,
            headers: {
              ...(authorization !== undefined ? { authorization } : {}),
              ...(origin !== null ? { origin } : {}),
              ...(cookie !== null ? { cookie } : {}),
              ...(requestId !== null ? { 'x-request-id': requestId } : {}),
              ...(body.contentType !== undefined ? { 'content-type': body.contentType } : {}),
            },
            body: body.body,
            sourceAddress: SOURCE,
          });
          expectProperAnswer(answer, endpoint.family, { redirectTargets: [REDIRECT_URI], markup: MARKUP_PROBES });
        },
        endpoint.runs,
      );
    },
  );

  it('POST /oauth/register answers every request properly', async () => {
    const mutated = mutatedJson(
      {
        redirect_uris: ['https://dcr.example.com/callback'],
        client_name: 'Fuzzed',
        token_endpoint_auth_method: 'client_secret_basic',
      },
      REGISTER_FIELDS,
    );
    const body = fc.oneof(mutated, hostileBody(paramList(REGISTER_FIELDS, known), 'json'));
    await fuzz(
      body,
      async ({ contentType, body: payload }) => {
        const answer = await send({
          method: 'POST',
          path: '/oauth/register',
          headers: contentType !== undefined ? { 'content-type': contentType } : {},
          body: payload,
          sourceAddress: SOURCE,
        });
        expectProperAnswer(answer, 'oauth');
      },
      100,
    );
  });

  it('answers unknown paths under /oauth and /.well-known with a JSON 404', async () => {
    await fuzz(
      fc.tuple(fc.constantFrom('/oauth/', '/.well-known/', '/oauth/token/'), fc.webSegment()),
      async ([prefix, segment]) => {
        const answer = await send({ path: `${prefix}${segment}-unknown`, sourceAddress: SOURCE });
        expect(answer.status).toBe(unknownPathStatus(segment));
        expectProperAnswer(answer, 'document');
      },
      50,
    );
  });

  it('leaves every process alive, answering, and not restarted', async () => {
    expect(await expectStackAlive()).toEqual(pidsBefore);
  });
});
