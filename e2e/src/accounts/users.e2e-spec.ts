import { admin, e2e } from '../support/e2e-env';
import { answer, clerkError, freshEmail } from './admin-api';

type ClerkUser = {
  id: string;
  email_addresses: Array<{ id: string; email_address: string }>;
  created_at: number;
  updated_at: number;
} & Record<string, unknown>;

const post = (path: string, body: unknown) => admin(path, { method: 'POST', body: JSON.stringify(body) });
const patch = (path: string, body: unknown) => admin(path, { method: 'PATCH', body: JSON.stringify(body) });

async function createUser(body: Record<string, unknown> = {}): Promise<ClerkUser> {
  const response = await post('/v1/users', { email_address: [freshEmail()], ...body });
  expect(response.status).toBe(200);
  return (await response.json()) as ClerkUser;
}

describe('POST /v1/users', () => {
  it('creates a user and answers Clerk’s user object without the password', async () => {
    const [primary, secondary] = [freshEmail('Ada'), freshEmail('ada2')];
    const before = Date.now();
    const response = await post('/v1/users', {
      email_address: [primary.toUpperCase(), secondary],
      password: 'difference engine',
      first_name: 'Ada',
      last_name: 'Lovelace',
      username: `Ada_${Date.now().toString(36)}`,
      image_url: 'https://img.example.com/ada.png',
      public_metadata: { plan: 'pro' },
      private_metadata: { internal_id: 7 },
      unsafe_metadata: { theme: 'dark' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const user = (await response.json()) as ClerkUser;
    expect(user).toEqual({
      object: 'user',
      id: expect.stringMatching(/^user_[0-9A-Za-z]{27}$/),
      username: expect.stringMatching(/^ada_[0-9a-z]+$/),
      first_name: 'Ada',
      last_name: 'Lovelace',
      image_url: 'https://img.example.com/ada.png',
      primary_email_address_id: user.email_addresses[0].id,
      email_addresses: [
        {
          id: expect.stringMatching(/^idn_[0-9A-Za-z]{27}$/),
          email_address: primary,
          verification: { status: 'verified' },
        },
        {
          id: expect.stringMatching(/^idn_[0-9A-Za-z]{27}$/),
          email_address: secondary,
          verification: { status: 'verified' },
        },
      ],
      public_metadata: { plan: 'pro' },
      private_metadata: { internal_id: 7 },
      unsafe_metadata: { theme: 'dark' },
      password_enabled: true,
      created_at: expect.any(Number),
      updated_at: expect.any(Number),
    });
    expect(user.created_at).toBeGreaterThanOrEqual(before - 5000);
    expect(user.created_at).toBeLessThanOrEqual(Date.now() + 5000);
    expect(JSON.stringify(user)).not.toContain('difference engine');
  });

  it('needs only an email address', async () => {
    const email = freshEmail('minimal');
    const user = await createUser({ email_address: [email] });
    expect(user).toEqual({
      object: 'user',
      id: expect.any(String),
      username: null,
      first_name: null,
      last_name: null,
      image_url: null,
      primary_email_address_id: user.email_addresses[0].id,
      email_addresses: [{ id: expect.any(String), email_address: email, verification: { status: 'verified' } }],
      public_metadata: {},
      private_metadata: {},
      unsafe_metadata: {},
      password_enabled: false,
      created_at: expect.any(Number),
      updated_at: user.created_at,
    });
  });

  describe('bad input', () => {
    const cases: Array<[string, unknown, number, unknown]> = [
      [
        'no email_address',
        { first_name: 'Nobody' },
        422,
        clerkError('form_param_missing', 'email_address must be included', 'email_address'),
      ],
      [
        'an empty email_address list',
        { email_address: [] },
        422,
        clerkError('form_param_value_invalid', 'email_address must contain at least 1 item', 'email_address'),
      ],
      [
        'email_address as a string',
        { email_address: 'ada@example.com' },
        422,
        clerkError('form_param_format_invalid', 'email_address must be an array', 'email_address'),
      ],
      [
        'an invalid email address',
        { email_address: ['not-an-email'] },
        422,
        clerkError('form_param_format_invalid', 'email_address must be a valid email address', 'email_address'),
      ],
      [
        'first_name as a number',
        { email_address: ['typed@example.com'], first_name: 42 },
        422,
        clerkError('form_param_format_invalid', 'first_name must be a string', 'first_name'),
      ],
      [
        'public_metadata as an array',
        { email_address: ['typed@example.com'], public_metadata: ['x'] },
        422,
        clerkError('form_param_format_invalid', 'public_metadata must be an object', 'public_metadata'),
      ],
      [
        'skip_password_checks as a string',
        { email_address: ['typed@example.com'], skip_password_checks: 'true' },
        422,
        clerkError('form_param_format_invalid', 'skip_password_checks must be a boolean', 'skip_password_checks'),
      ],
      [
        'an unknown parameter',
        { email_address: ['typed@example.com'], phone_number: ['+15555550100'] },
        422,
        clerkError('form_param_unknown', 'phone_number is not a valid parameter for this request', 'phone_number'),
      ],
      [
        'a password of 7 characters',
        { email_address: ['weak@example.com'], password: 'abc1234' },
        422,
        clerkError('form_password_length_too_short', 'Passwords must be 8 characters or more.', 'password'),
      ],
      [
        'a password that is the email address',
        { email_address: ['Same.As.Password@example.com'], password: 'same.as.password@EXAMPLE.com' },
        422,
        clerkError(
          'form_password_validation_failed',
          'The password must not be your email address or username.',
          'password',
        ),
      ],
      [
        'a malformed username',
        { email_address: ['typed@example.com'], username: 'a b' },
        422,
        clerkError(
          'form_param_format_invalid',
          'username must be 4 to 64 characters long and contain only letters, digits, "_" and "-"',
          'username',
        ),
      ],
      [
        'an image_url that is not http(s)',
        { email_address: ['typed@example.com'], image_url: 'javascript:alert(1)' },
        422,
        clerkError('form_param_format_invalid', 'image_url must be an absolute http or https URL', 'image_url'),
      ],
      [
        'a JSON array body',
        [{ email_address: ['typed@example.com'] }],
        400,
        clerkError('request_body_invalid', 'The request body must be a JSON object'),
      ],
    ];

    it.each(cases)('refuses %s', async (_name, body, status, expected) => {
      expect(await answer(await post('/v1/users', body))).toEqual({ status, body: expected });
    });

    it.each(['public_metadata', 'private_metadata', 'unsafe_metadata'])('caps %s at 8 KiB of JSON', async (param) => {
      const padding = 'x'.repeat(8193 - '{"k":""}'.length);
      expect(await answer(await post('/v1/users', { email_address: [freshEmail()], [param]: { k: padding } }))).toEqual(
        {
          status: 422,
          body: clerkError(
            'form_param_value_invalid',
            `${param} must be at most 8192 bytes when serialized as JSON (it is 8193)`,
            param,
          ),
        },
      );
      const fits = await post('/v1/users', { email_address: [freshEmail()], [param]: { k: padding.slice(1) } });
      expect(fits.status).toBe(200);
    });

    it('refuses an address that is taken, whatever its case', async () => {
      const email = freshEmail('taken');
      await createUser({ email_address: [email] });
      expect(await answer(await post('/v1/users', { email_address: [email.toUpperCase()] }))).toEqual({
        status: 422,
        body: clerkError('form_identifier_exists', 'That email address is taken. Please try another.', 'email_address'),
      });
    });

    it('refuses a username that is taken, whatever its case', async () => {
      const username = `taken_${Date.now().toString(36)}`;
      await createUser({ username });
      expect(
        await answer(await post('/v1/users', { email_address: [freshEmail()], username: username.toUpperCase() })),
      ).toEqual({
        status: 422,
        body: clerkError('form_identifier_exists', 'That username is taken. Please try another.', 'username'),
      });
    });

    it('creates one user when the same address is posted many times at once', async () => {
      const email = freshEmail('race');
      const responses = await Promise.all(
        Array.from({ length: 8 }, () => post('/v1/users', { email_address: [email], password: 'race to create' })),
      );
      expect(responses.map((response) => response.status).sort()).toEqual([200, 422, 422, 422, 422, 422, 422, 422]);
      const list = await (await admin(`/v1/users?email_address=${encodeURIComponent(email)}`)).json();
      expect(list).toMatchObject({ total_count: 1 });
    });

    it('refuses malformed JSON with a 400 in Clerk’s envelope', async () => {
      const response = await admin('/v1/users', { method: 'POST', body: '{"email_address": [' });
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({
        errors: [{ message: expect.any(String), long_message: expect.any(String), code: expect.any(String), meta: {} }],
      });
    });

    it('lets skip_password_checks through a short password (for migrations)', async () => {
      const user = await createUser({ password: 'short', skip_password_checks: true });
      expect(user.password_enabled).toBe(true);
    });
  });
});

describe('GET /v1/users', () => {
  it('lists newest first as {data, total_count}, with limit and offset', async () => {
    const tag = `lst${Date.now().toString(36)}`;
    const first = await createUser({ last_name: tag });
    const second = await createUser({ last_name: tag });
    expect(await answer(await admin(`/v1/users?query=${tag}`))).toEqual({
      status: 200,
      body: { data: [second, first], total_count: 2 },
    });
    expect(await answer(await admin(`/v1/users?query=${tag}&limit=1&offset=1`))).toEqual({
      status: 200,
      body: { data: [first], total_count: 2 },
    });
    expect(await answer(await admin(`/v1/users?query=${tag}&order_by=%2Bcreated_at`))).toEqual({
      status: 200,
      body: { data: [first, second], total_count: 2 },
    });
  });

  it('filters by one or more email_address values, case-insensitively', async () => {
    const [one, two] = [await createUser(), await createUser()];
    const query = [one, two].map(
      (user) => `email_address=${encodeURIComponent(user.email_addresses[0].email_address.toUpperCase())}`,
    );
    const { status, body } = await answer(await admin(`/v1/users?${query.join('&')}`));
    expect(status).toBe(200);
    expect(body).toEqual({ data: [two, one], total_count: 2 });
  });

  it.each([
    ['limit=0', clerkError('form_param_value_invalid', 'limit must be at least 1', 'limit')],
    ['limit=501', clerkError('form_param_value_invalid', 'limit must be at most 500', 'limit')],
    ['limit=ten', clerkError('form_param_format_invalid', 'limit must be a number', 'limit')],
    ['offset=-1', clerkError('form_param_value_invalid', 'offset must be at least 0', 'offset')],
    [
      'order_by=name',
      clerkError('form_param_value_invalid', 'order_by must be one of: -created_at, +created_at', 'order_by'),
    ],
    [
      'username=ada',
      clerkError('form_param_unknown', 'username is not a valid parameter for this request', 'username'),
    ],
  ])('refuses ?%s', async (query, expected) => {
    expect(await answer(await admin(`/v1/users?${query}`))).toEqual({ status: 422, body: expected });
  });
});

describe('GET, PATCH, DELETE /v1/users/{id}', () => {
  it('reads a user', async () => {
    const user = await createUser({ first_name: 'Readable' });
    expect(await answer(await admin(`/v1/users/${user.id}`))).toEqual({ status: 200, body: user });
  });

  it('updates the fields given and answers the user', async () => {
    const user = await createUser({ first_name: 'Before', public_metadata: { a: 1 }, private_metadata: { keep: 1 } });
    const updated = await patch(`/v1/users/${user.id}`, {
      first_name: 'After',
      last_name: null,
      public_metadata: { b: 2 },
      primary_email_address_id: user.email_addresses[0].id,
    });
    const { status, body } = await answer(updated);
    expect(status).toBe(200);
    expect(body).toEqual({
      ...user,
      first_name: 'After',
      last_name: null,
      public_metadata: { b: 2 },
      updated_at: expect.any(Number),
    });
    expect((body as ClerkUser).updated_at).toBeGreaterThanOrEqual(user.updated_at);
  });

  it('sets a password with an update, under the same rules', async () => {
    const user = await createUser();
    expect(await answer(await patch(`/v1/users/${user.id}`, { password: 'short' }))).toEqual({
      status: 422,
      body: clerkError('form_password_length_too_short', 'Passwords must be 8 characters or more.', 'password'),
    });
    const updated = await patch(`/v1/users/${user.id}`, { password: 'a long enough password' });
    expect(((await updated.json()) as ClerkUser).password_enabled).toBe(true);
    expect(
      await answer(await post(`/v1/users/${user.id}/verify_password`, { password: 'a long enough password' })),
    ).toEqual({ status: 200, body: { verified: true } });
  });

  it.each([
    [{ first_name: 7 }, clerkError('form_param_format_invalid', 'first_name must be a string', 'first_name')],
    [
      { email_address: ['x@example.com'] },
      clerkError('form_param_unknown', 'email_address is not a valid parameter for this request', 'email_address'),
    ],
    [
      { unsafe_metadata: { k: 'x'.repeat(9000) } },
      clerkError(
        'form_param_value_invalid',
        'unsafe_metadata must be at most 8192 bytes when serialized as JSON (it is 9008)',
        'unsafe_metadata',
      ),
    ],
    [
      { primary_email_address_id: 'idn_notmine' },
      clerkError(
        'form_param_value_invalid',
        'primary_email_address_id must be one of the user’s email addresses',
        'primary_email_address_id',
      ),
    ],
  ])('refuses the update %j', async (body, expected) => {
    const user = await createUser();
    expect(await answer(await patch(`/v1/users/${user.id}`, body))).toEqual({ status: 422, body: expected });
  });

  it('deletes a user; the user is then not found', async () => {
    const user = await createUser();
    expect(await answer(await admin(`/v1/users/${user.id}`, { method: 'DELETE' }))).toEqual({
      status: 200,
      body: { object: 'user', id: user.id, deleted: true },
    });
    expect(await answer(await admin(`/v1/users/${user.id}`))).toEqual({
      status: 404,
      body: clerkError('resource_not_found', 'User not found'),
    });
  });

  it.each([
    ['GET', '/v1/users/user_doesnotexist', undefined],
    ['PATCH', '/v1/users/user_doesnotexist', { first_name: 'X' }],
    ['DELETE', '/v1/users/user_doesnotexist', undefined],
    ['POST', '/v1/users/user_doesnotexist/verify_password', { password: 'whatever' }],
    ['GET', '/v1/users/user_doesnotexist/organization_memberships', undefined],
  ])('%s %s answers 404 for an unknown user', async (method, path, body) => {
    const response =
      method === 'DELETE' ? await admin(path, { method }) : await admin(path, { method, body: JSON.stringify(body) });
    expect(await answer(response)).toEqual({ status: 404, body: clerkError('resource_not_found', 'User not found') });
  });

  it('answers 404 for an id longer than any id', async () => {
    expect(await answer(await admin(`/v1/users/user_${'x'.repeat(80)}`))).toEqual({
      status: 404,
      body: clerkError('resource_not_found', 'Resource not found'),
    });
  });
});

describe('POST /v1/users/{id}/verify_password', () => {
  it('answers {verified: true} for the right password and 422 for a wrong one', async () => {
    const user = await createUser({ password: 'open sesame' });
    expect(await answer(await post(`/v1/users/${user.id}/verify_password`, { password: 'open sesame' }))).toEqual({
      status: 200,
      body: { verified: true },
    });
    expect(await answer(await post(`/v1/users/${user.id}/verify_password`, { password: 'open sesame!' }))).toEqual({
      status: 422,
      body: clerkError('form_password_incorrect', 'The password is incorrect', 'password'),
    });
  });

  it('answers 422 for a user without a password, and needs the password parameter', async () => {
    const user = await createUser();
    expect(await answer(await post(`/v1/users/${user.id}/verify_password`, { password: 'anything' }))).toEqual({
      status: 422,
      body: clerkError('form_password_incorrect', 'The password is incorrect', 'password'),
    });
    expect(await answer(await post(`/v1/users/${user.id}/verify_password`, {}))).toEqual({
      status: 422,
      body: clerkError('form_param_missing', 'password must be included', 'password'),
    });
  });
});

describe('the admin key', () => {
  const unauthorized = {
    status: 401,
    body: clerkError('authentication_invalid', 'The admin API key in the Authorization header is missing or invalid'),
  };

  it.each([
    ['no key', {}],
    ['a wrong key', { authorization: 'Bearer not-the-admin-key-but-long-enough-to-look-real' }],
    ['another scheme', { authorization: `Basic ${Buffer.from('admin:secret').toString('base64')}` }],
  ])('is required: %s gets 401', async (_name, headers) => {
    for (const [method, path] of [
      ['GET', '/v1/users'],
      ['POST', '/v1/users'],
      ['GET', '/v1/users/user_x'],
      ['PATCH', '/v1/users/user_x'],
      ['DELETE', '/v1/users/user_x'],
      ['POST', '/v1/users/user_x/verify_password'],
      ['GET', '/v1/users/user_x/organization_memberships'],
    ]) {
      const withBody = method === 'POST' || method === 'PATCH';
      const response = await fetch(`${e2e.issuer}${path}`, {
        method,
        headers: { ...(withBody ? { 'content-type': 'application/json' } : {}), ...headers },
        body: withBody ? JSON.stringify({ email_address: [freshEmail()] }) : undefined,
      });
      expect({ method, path, ...(await answer(response)) }).toEqual({ method, path, ...unauthorized });
    }
  });
});
