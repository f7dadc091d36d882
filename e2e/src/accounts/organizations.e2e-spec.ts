import { admin, e2e } from '../support/e2e-env';
import { answer, clerkError, freshEmail } from './admin-api';

type ClerkObject = { id: string; created_at: number; updated_at: number } & Record<string, unknown>;

const post = (path: string, body: unknown) => admin(path, { method: 'POST', body: JSON.stringify(body) });
const patch = (path: string, body: unknown) => admin(path, { method: 'PATCH', body: JSON.stringify(body) });

async function created(response: Promise<Response>): Promise<ClerkObject> {
  const { status, body } = await answer(await response);
  expect({ status, body }).toEqual({ status: 200, body: expect.anything() });
  return body as ClerkObject;
}

const createUser = (first_name = 'Member') =>
  created(post('/v1/users', { email_address: [freshEmail(first_name)], first_name, last_name: 'Tester' }));
/** A name unique to this run, so that reruns against a reused database still start from a fresh slug. */
const uniqueName = (name: string) => `${name} ${Date.now().toString(36)}`;
const slugOf = (name: string) => name.toLowerCase().replace(/[^a-z0-9]+/g, '-');

describe('POST /v1/organizations', () => {
  it('creates an organization and answers Clerk’s organization object, the slug made from the name', async () => {
    const name = uniqueName('Café Crème');
    const before = Date.now();
    const organization = await created(post('/v1/organizations', { name, public_metadata: { tier: 'gold' } }));
    expect(organization).toEqual({
      object: 'organization',
      id: expect.stringMatching(/^org_[0-9A-Za-z]{27}$/),
      name,
      slug: `cafe-creme-${name.split(' ').pop()}`,
      members_count: 0,
      public_metadata: { tier: 'gold' },
      private_metadata: {},
      created_by: null,
      created_at: expect.any(Number),
      updated_at: organization.created_at,
    });
    expect(organization.created_at).toBeGreaterThanOrEqual(before - 5000);
  });

  it('suffixes the generated slug until it is free', async () => {
    const name = uniqueName('Umbrella');
    const slugs = [];
    for (let index = 0; index < 3; index++) slugs.push((await created(post('/v1/organizations', { name }))).slug);
    expect(slugs).toEqual([slugOf(name), `${slugOf(name)}-2`, `${slugOf(name)}-3`]);
  });

  it('takes an explicit slug and refuses it when taken', async () => {
    const slug = `initech-${Date.now().toString(36)}`;
    await created(post('/v1/organizations', { name: 'Initech', slug: slug.toUpperCase() }));
    expect(await answer(await post('/v1/organizations', { name: 'Initech Two', slug }))).toEqual({
      status: 422,
      body: clerkError('form_identifier_exists', 'That slug is taken. Please try another.', 'slug'),
    });
  });

  it('makes created_by the first org:admin', async () => {
    const creator = await createUser('Founder');
    const organization = await created(
      post('/v1/organizations', { name: uniqueName('Founded'), created_by: creator.id }),
    );
    expect(organization).toMatchObject({ created_by: creator.id, members_count: 1 });
    const { body } = await answer(await admin(`/v1/organizations/${organization.id}/memberships`));
    expect(body).toMatchObject({
      data: [{ role: 'org:admin', public_user_data: { user_id: creator.id } }],
      total_count: 1,
    });
  });

  it.each([
    ['no name', {}, 422, clerkError('form_param_missing', 'name must be included', 'name')],
    [
      'an empty name',
      { name: '' },
      422,
      clerkError('form_param_value_invalid', 'name must be at least 1 character long', 'name'),
    ],
    ['a blank name', { name: '   ' }, 422, clerkError('form_param_value_invalid', 'name must not be blank', 'name')],
    [
      'a name that is a number',
      { name: 7 },
      422,
      clerkError('form_param_format_invalid', 'name must be a string', 'name'),
    ],
    [
      'a malformed slug',
      { name: 'Acme', slug: 'acme inc' },
      422,
      clerkError(
        'form_param_format_invalid',
        'slug must contain only lower-case letters, digits and single dashes between them',
        'slug',
      ),
    ],
    [
      'private_metadata as a string',
      { name: 'Acme', private_metadata: '{}' },
      422,
      clerkError('form_param_format_invalid', 'private_metadata must be an object', 'private_metadata'),
    ],
    [
      'oversized public_metadata',
      { name: 'Acme', public_metadata: { k: 'x'.repeat(8200) } },
      422,
      clerkError(
        'form_param_value_invalid',
        'public_metadata must be at most 8192 bytes when serialized as JSON (it is 8208)',
        'public_metadata',
      ),
    ],
    [
      'an unknown parameter',
      { name: 'Acme', max_allowed_memberships: 5 },
      422,
      clerkError(
        'form_param_unknown',
        'max_allowed_memberships is not a valid parameter for this request',
        'max_allowed_memberships',
      ),
    ],
    [
      'an unknown created_by',
      { name: 'Acme', created_by: 'user_doesnotexist' },
      404,
      clerkError('resource_not_found', 'created_by does not name an existing user', 'created_by'),
    ],
  ])('refuses %s', async (_name, body, status, expected) => {
    expect(await answer(await post('/v1/organizations', body))).toEqual({ status, body: expected });
  });
});

describe('GET, PATCH, DELETE /v1/organizations/{id}', () => {
  it('reads an organization by id or by slug, and lists them', async () => {
    const organization = await created(post('/v1/organizations', { name: uniqueName('Readable') }));
    expect(await answer(await admin(`/v1/organizations/${organization.id}`))).toEqual({
      status: 200,
      body: organization,
    });
    expect(await answer(await admin(`/v1/organizations/${organization.slug}`))).toEqual({
      status: 200,
      body: organization,
    });
    expect(await answer(await admin(`/v1/organizations?query=${organization.slug}`))).toEqual({
      status: 200,
      body: { data: [organization], total_count: 1 },
    });
    const page = await answer(await admin('/v1/organizations?limit=1'));
    expect(page).toMatchObject({ status: 200, body: { data: [expect.any(Object)], total_count: expect.any(Number) } });
  });

  it('updates the fields given', async () => {
    const organization = await created(
      post('/v1/organizations', { name: uniqueName('Before'), private_metadata: { keep: 1 } }),
    );
    const slug = `after-${Date.now().toString(36)}`;
    const { status, body } = await answer(await patch(`/v1/organizations/${organization.id}`, { name: 'After', slug }));
    expect(status).toBe(200);
    expect(body).toEqual({ ...organization, name: 'After', slug, updated_at: expect.any(Number) });
    expect(await answer(await patch(`/v1/organizations/${organization.id}`, { name: 5 }))).toEqual({
      status: 422,
      body: clerkError('form_param_format_invalid', 'name must be a string', 'name'),
    });
  });

  it('deletes an organization; it is then not found', async () => {
    const organization = await created(post('/v1/organizations', { name: uniqueName('Doomed') }));
    expect(await answer(await admin(`/v1/organizations/${organization.id}`, { method: 'DELETE' }))).toEqual({
      status: 200,
      body: { object: 'organization', id: organization.id, deleted: true },
    });
    expect(await answer(await admin(`/v1/organizations/${organization.id}`))).toEqual({
      status: 404,
      body: clerkError('resource_not_found', 'Organization not found'),
    });
  });

  it.each([
    ['GET', '/v1/organizations/org_doesnotexist', undefined],
    ['PATCH', '/v1/organizations/org_doesnotexist', { name: 'X' }],
    ['DELETE', '/v1/organizations/org_doesnotexist', undefined],
    ['GET', '/v1/organizations/org_doesnotexist/memberships', undefined],
    ['POST', '/v1/organizations/org_doesnotexist/memberships', { user_id: 'user_x', role: 'org:member' }],
  ])('%s %s answers 404 for an unknown organization', async (method, path, body) => {
    const response =
      method === 'DELETE' ? await admin(path, { method }) : await admin(path, { method, body: JSON.stringify(body) });
    expect(await answer(response)).toEqual({
      status: 404,
      body: clerkError('resource_not_found', 'Organization not found'),
    });
  });
});

describe('/v1/organizations/{id}/memberships', () => {
  it('adds, lists, changes and removes members in Clerk’s membership shape', async () => {
    const organization = await created(post('/v1/organizations', { name: uniqueName('Members Club') }));
    const user = await createUser('Joiner');
    const email = (user.email_addresses as Array<{ email_address: string }>)[0].email_address;

    const membership = await created(
      post(`/v1/organizations/${organization.id}/memberships`, { user_id: user.id, role: 'org:member' }),
    );
    expect(membership).toEqual({
      object: 'organization_membership',
      id: expect.stringMatching(/^orgmem_[0-9A-Za-z]{27}$/),
      role: 'org:member',
      organization: { ...organization, members_count: 1 },
      public_user_data: {
        user_id: user.id,
        first_name: 'Joiner',
        last_name: 'Tester',
        image_url: null,
        identifier: email,
      },
      created_at: expect.any(Number),
      updated_at: membership.created_at,
    });

    expect(await answer(await admin(`/v1/organizations/${organization.id}/memberships`))).toEqual({
      status: 200,
      body: { data: [membership], total_count: 1 },
    });
    expect(await answer(await admin(`/v1/users/${user.id}/organization_memberships`))).toEqual({
      status: 200,
      body: { data: [membership], total_count: 1 },
    });

    const promoted = await answer(
      await patch(`/v1/organizations/${organization.id}/memberships/${user.id}`, { role: 'org:admin' }),
    );
    expect(promoted).toEqual({
      status: 200,
      body: { ...membership, role: 'org:admin', updated_at: expect.any(Number) },
    });

    expect(
      await answer(await admin(`/v1/organizations/${organization.id}/memberships/${user.id}`, { method: 'DELETE' })),
    ).toEqual(promoted);
    expect(
      await answer(await admin(`/v1/organizations/${organization.id}/memberships/${user.id}`, { method: 'DELETE' })),
    ).toEqual({
      status: 404,
      body: clerkError('resource_not_found', 'The user is not a member of this organization'),
    });
    expect(await answer(await admin(`/v1/organizations/${organization.id}/memberships`))).toEqual({
      status: 200,
      body: { data: [], total_count: 0 },
    });
  });

  it('drops a deleted user’s memberships', async () => {
    const organization = await created(post('/v1/organizations', { name: uniqueName('Leavers') }));
    const user = await createUser('Leaver');
    await created(post(`/v1/organizations/${organization.id}/memberships`, { user_id: user.id, role: 'org:member' }));
    await admin(`/v1/users/${user.id}`, { method: 'DELETE' });
    expect(await answer(await admin(`/v1/organizations/${organization.id}`))).toMatchObject({
      body: { members_count: 0 },
    });
  });

  it('refuses bad memberships', async () => {
    const organization = await created(post('/v1/organizations', { name: uniqueName('Strict Club') }));
    const user = await createUser();
    const path = `/v1/organizations/${organization.id}/memberships`;
    await created(post(path, { user_id: user.id, role: 'org:member' }));
    const cases: Array<[unknown, number, unknown]> = [
      [
        { user_id: user.id, role: 'org:admin' },
        400,
        clerkError(
          'already_a_member_in_organization',
          `User ${user.id} is already a member of the organization.`,
          'user_id',
        ),
      ],
      [{ role: 'org:member' }, 422, clerkError('form_param_missing', 'user_id must be included', 'user_id')],
      [{ user_id: user.id }, 422, clerkError('form_param_missing', 'role must be included', 'role')],
      [
        { user_id: user.id, role: 'org:owner' },
        422,
        clerkError('form_param_value_invalid', 'role must be one of: org:admin, org:member', 'role'),
      ],
      [
        { user_id: 42, role: 'org:member' },
        422,
        clerkError('form_param_format_invalid', 'user_id must be a string', 'user_id'),
      ],
      [
        { user_id: 'user_doesnotexist', role: 'org:member' },
        404,
        clerkError('resource_not_found', 'User not found', 'user_id'),
      ],
    ];
    for (const [body, status, expected] of cases) {
      expect({ sent: body, ...(await answer(await post(path, body))) }).toEqual({ sent: body, status, body: expected });
    }
    expect(await answer(await patch(`${path}/${user.id}`, { role: 'owner' }))).toEqual({
      status: 422,
      body: clerkError('form_param_value_invalid', 'role must be one of: org:admin, org:member', 'role'),
    });
    expect(await answer(await patch(`${path}/user_doesnotexist`, { role: 'org:admin' }))).toEqual({
      status: 404,
      body: clerkError('resource_not_found', 'The user is not a member of this organization'),
    });
  });
});

describe('the admin key on /v1/organizations', () => {
  it('is required on every route', async () => {
    for (const [method, path] of [
      ['GET', '/v1/organizations'],
      ['POST', '/v1/organizations'],
      ['GET', '/v1/organizations/org_x'],
      ['PATCH', '/v1/organizations/org_x'],
      ['DELETE', '/v1/organizations/org_x'],
      ['GET', '/v1/organizations/org_x/memberships'],
      ['POST', '/v1/organizations/org_x/memberships'],
      ['PATCH', '/v1/organizations/org_x/memberships/user_x'],
      ['DELETE', '/v1/organizations/org_x/memberships/user_x'],
    ]) {
      const withBody = method === 'POST' || method === 'PATCH';
      const response = await fetch(`${e2e.issuer}${path}`, {
        method,
        headers: {
          ...(withBody ? { 'content-type': 'application/json' } : {}),
          authorization: 'Bearer wrong-key-wrong-key-wrong-key-wrong',
        },
        body: withBody ? JSON.stringify({ name: 'Sneaky' }) : undefined,
      });
      expect({ method, path, ...(await answer(response)) }).toEqual({
        method,
        path,
        status: 401,
        body: clerkError(
          'authentication_invalid',
          'The admin API key in the Authorization header is missing or invalid',
        ),
      });
    }
  });
});
