import fc from 'fast-check';
import { createOrganization, createUser } from '../token/token-fixtures';
import { admin, e2e } from '../support/e2e-env';
import { expectProperAnswer } from './support/answer-checks';
import { ownLoopbackAddress, send } from './support/http-client';
import {
  fuzz,
  headerSafe,
  hostileBody,
  hostileString,
  mutatedJson,
  paramList,
  unknownPathStatus,
} from './support/fuzz';
import { expectStackAlive } from './support/stack-health';

/*
 * Property: every /v1 route answers whatever it is sent — hostile path ids, query parameters, JSON bodies with
 * fields of the wrong type, size or name, other content types, missing or wrong admin keys — with Clerk's error
 * envelope or a legitimate JSON success; never a 5xx or a leak. Signing keys are not rotated (that route is
 * fuzzed without a valid key), fixtures are never deleted, and webhooks the fuzzer creates are removed after.
 */

/** This file's own source address (see ownLoopbackAddress). */
const SOURCE = ownLoopbackAddress();

interface AdminRoute {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** `:user`, `:app`, `:org`, `:webhook`, `:client` stand for a path segment. */
  path: string;
  body?: Record<string, unknown>;
  fields?: readonly string[];
  query?: readonly string[];
  /** false: never send the right admin key (the route has effects the rest of the suite must not see). */
  authorized?: boolean;
  /** false: the route's segments are never a fixture's id (it would delete it). */
  fixtures?: boolean;
}

const PAGING = ['limit', 'offset', 'order_by', 'query', 'name_query', 'email_address', 'status'];
const USER_FIELDS = [
  'email_address',
  'username',
  'first_name',
  'last_name',
  'image_url',
  'password',
  'skip_password_checks',
  'public_metadata',
  'private_metadata',
  'unsafe_metadata',
  'primary_email_address_id',
];
const APP_FIELDS = [
  'name',
  'redirect_uris',
  'scopes',
  'public',
  'consent_screen_enabled',
  'pkce_required',
  'access_token_format',
];
const ORG_FIELDS = ['name', 'slug', 'created_by', 'public_metadata', 'private_metadata'];

const ROUTES: AdminRoute[] = [
  {
    method: 'POST',
    path: '/v1/users',
    body: { email_address: ['fuzz@example.com'], first_name: 'F' },
    fields: USER_FIELDS,
  },
  { method: 'GET', path: '/v1/users', query: PAGING },
  { method: 'GET', path: '/v1/users/:user' },
  { method: 'PATCH', path: '/v1/users/:user', body: { first_name: 'G' }, fields: USER_FIELDS },
  { method: 'DELETE', path: '/v1/users/:user', fixtures: false },
  {
    method: 'POST',
    path: '/v1/users/:user/verify_password',
    body: { password: 'wrong password' },
    fields: ['password'],
  },
  { method: 'GET', path: '/v1/users/:user/organization_memberships', query: PAGING },
  { method: 'GET', path: '/v1/users/:user/oauth_consents' },
  { method: 'DELETE', path: '/v1/users/:user/oauth_consents/:client', fixtures: false },
  {
    method: 'POST',
    path: '/v1/oauth_applications',
    body: { name: 'Fuzz', redirect_uris: ['https://fuzz.example.com/cb'], scopes: 'openid' },
    fields: APP_FIELDS,
  },
  { method: 'GET', path: '/v1/oauth_applications', query: PAGING },
  { method: 'GET', path: '/v1/oauth_applications/:app' },
  { method: 'PATCH', path: '/v1/oauth_applications/:app', body: { name: 'Fuzzed' }, fields: APP_FIELDS },
  { method: 'DELETE', path: '/v1/oauth_applications/:app', fixtures: false },
  { method: 'POST', path: '/v1/oauth_applications/:app/rotate_secret' },
  { method: 'POST', path: '/v1/organizations', body: { name: 'Fuzz org' }, fields: ORG_FIELDS },
  { method: 'GET', path: '/v1/organizations', query: PAGING },
  { method: 'GET', path: '/v1/organizations/:org' },
  { method: 'PATCH', path: '/v1/organizations/:org', body: { name: 'Fuzzed org' }, fields: ORG_FIELDS },
  { method: 'DELETE', path: '/v1/organizations/:org', fixtures: false },
  {
    method: 'POST',
    path: '/v1/organizations/:org/memberships',
    body: { user_id: 'user_x', role: 'org:member' },
    fields: ['user_id', 'role'],
  },
  { method: 'GET', path: '/v1/organizations/:org/memberships', query: PAGING },
  { method: 'PATCH', path: '/v1/organizations/:org/memberships/:user', body: { role: 'org:admin' }, fields: ['role'] },
  { method: 'DELETE', path: '/v1/organizations/:org/memberships/:user', fixtures: false },
  { method: 'POST', path: '/v1/jwks/rotate', authorized: false },
  {
    method: 'GET',
    path: '/v1/audit_log',
    query: [...PAGING, 'actor_id', 'event_type', 'resource_id', 'since', 'until'],
  },
  {
    method: 'POST',
    path: '/v1/webhooks',
    body: { url: 'https://hooks.invalid/fuzz', event_types: ['user.created'] },
    fields: ['url', 'event_types', 'description'],
  },
  { method: 'GET', path: '/v1/webhooks', query: PAGING },
  { method: 'GET', path: '/v1/webhooks/:webhook' },
  { method: 'DELETE', path: '/v1/webhooks/:webhook', fixtures: false },
  { method: 'GET', path: '/v1/webhooks/:webhook/deliveries', query: PAGING },
];

/** Percent-encodes every byte of the UTF-8 form but the unreserved ones (lone surrogates become U+FFFD). */
const encodeSegment = (value: string) =>
  [...Buffer.from(value, 'utf8')]
    .map((byte) =>
      /[A-Za-z0-9._~-]/.test(String.fromCharCode(byte))
        ? String.fromCharCode(byte)
        : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`,
    )
    .join('');

describe('hostile input at the admin API (property-based)', () => {
  const fixtures: Record<string, string> = {};
  let webhooksBefore: Set<string>;
  let pidsBefore: Record<string, number | undefined>;

  const webhookIds = async () => {
    const list = (await (await admin('/v1/webhooks?limit=500')).json()) as { data: Array<{ id: string }> };
    return new Set(list.data.map((webhook) => webhook.id));
  };

  beforeAll(async () => {
    pidsBefore = await expectStackAlive();
    webhooksBefore = await webhookIds();
    fixtures[':user'] = await createUser();
    fixtures[':org'] = await createOrganization(fixtures[':user']);
    const created = await admin('/v1/oauth_applications', {
      method: 'POST',
      body: JSON.stringify({ name: 'Admin fuzz', redirect_uris: ['https://fuzz.example.com/cb'], scopes: 'openid' }),
    });
    const application = (await created.json()) as { id: string; client_id: string };
    fixtures[':app'] = application.id;
    fixtures[':client'] = application.client_id;
    const webhook = await admin('/v1/webhooks', {
      method: 'POST',
      body: JSON.stringify({ url: 'https://hooks.invalid/fixture', event_types: ['organization.deleted'] }),
    });
    fixtures[':webhook'] = ((await webhook.json()) as { id: string }).id;
  });

  afterAll(async () => {
    for (const id of await webhookIds()) {
      if (!webhooksBefore.has(id)) await admin(`/v1/webhooks/${id}`, { method: 'DELETE' });
    }
  });

  it.each(ROUTES.map((route) => [`${route.method} ${route.path}`, route] as const))(
    '%s answers every request properly',
    async (_, route) => {
      const segment = fc.oneof(
        ...(route.fixtures === false ? [] : [{ weight: 3, arbitrary: fc.constant('fixture') }]),
        { weight: 2, arbitrary: hostileString.map(encodeSegment) },
        {
          weight: 1,
          arbitrary: fc.constantFrom('user_doesnotexist', '..', '%2e%2e', 'a%2Fb', '%00', '%C3%28', 'a'.repeat(300)),
        },
      );
      const names = route.fields ?? ['a'];
      const body = route.body
        ? fc.oneof(
            { weight: 3, arbitrary: mutatedJson(route.body, names) },
            { weight: 1, arbitrary: hostileBody(paramList(names), 'json') },
          )
        : hostileBody(paramList(names), 'json');
      const authorization = fc.oneof(
        { weight: route.authorized === false ? 0 : 8, arbitrary: fc.constant(`Bearer ${e2e.adminKey}`) },
        {
          weight: 1,
          arbitrary: fc.constantFrom(
            '',
            `Bearer ${e2e.adminKey}x`,
            `Basic ${e2e.adminKey}`,
            `Bearer  ${e2e.adminKey}`,
            'Bearer',
          ),
        },
        { weight: 1, arbitrary: hostileString.map((value) => headerSafe(`Bearer ${value}`)) },
      );
      const request = fc.record({
        segments: fc.array(segment, { minLength: 2, maxLength: 2 }),
        query: paramList(route.query ?? ['a']),
        body,
        authorization,
        withBody: fc.boolean(),
      });
      await fuzz(
        request,
        async ({ segments, query, body: payload, authorization: key, withBody }) => {
          let index = 0;
          const path = route.path.replace(/:\w+/g, (placeholder) => {
            const chosen = segments[index++];
            return chosen === 'fixture' ? fixtures[placeholder] : chosen;
          });
          const sendBody = route.method === 'POST' || route.method === 'PATCH' || withBody;
          const answer = await send({
            method: route.method,
            path: query.encoded ? `${path}?${query.encoded}` : path,
            headers: Object.fromEntries(
              Object.entries({
                authorization: key,
                'content-type': sendBody ? (payload.contentType ?? '') : '',
              }).filter(([, value]) => value !== ''),
            ),
            body: sendBody ? payload.body : undefined,
            sourceAddress: SOURCE,
          });
          expectProperAnswer(answer, 'admin');
        },
        30,
      );
    },
  );

  it('answers unknown /v1 paths with resource_not_found, and without the key with 401', async () => {
    await fuzz(
      fc.tuple(fc.webSegment(), fc.boolean()),
      async ([segment, authorized]) => {
        const answer = await send({
          path: `/v1/${segment}-unknown/x`,
          headers: authorized ? { authorization: `Bearer ${e2e.adminKey}` } : {},
          sourceAddress: SOURCE,
        });
        expect(answer.status).toBe(authorized ? unknownPathStatus(segment) : 401);
        expectProperAnswer(answer, 'admin');
      },
      30,
    );
  });

  it('leaves every process alive, answering, and not restarted', async () => {
    expect(await expectStackAlive()).toEqual(pidsBefore);
  });
});
