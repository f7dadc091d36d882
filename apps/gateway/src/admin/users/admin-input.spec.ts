import { createUserRequest, listUsersRequest, updateUserFields } from '@tessera/contracts';
import { bodyParams, pathId, queryParams, readAdminInput } from './admin-input';

const EMAIL_ADDRESS = { email_address: 'emailAddresses' };

function errorOf(read: () => unknown) {
  try {
    read();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

describe('readAdminInput', () => {
  it('turns Clerk’s snake_case parameters into the contract’s fields', () => {
    expect(
      readAdminInput(
        { email_address: ['a@example.com'], first_name: 'Ada', public_metadata: { a: 1 }, skip_password_checks: true },
        createUserRequest,
        EMAIL_ADDRESS,
      ),
    ).toEqual({
      emailAddresses: ['a@example.com'],
      firstName: 'Ada',
      publicMetadata: { a: 1 },
      skipPasswordChecks: true,
    });
  });

  it.each([
    [{}, 'form_param_missing', 'email_address', 'email_address must be included'],
    [
      { email_address: 'a@example.com' },
      'form_param_format_invalid',
      'email_address',
      'email_address must be an array',
    ],
    [{ email_address: [] }, 'form_param_value_invalid', 'email_address', 'email_address must contain at least 1 item'],
    [
      { email_address: ['a@x.io', 5] },
      'form_param_format_invalid',
      'email_address',
      'email_address[1] must be a string',
    ],
    [
      { email_address: ['a@x.io'], first_name: 5 },
      'form_param_format_invalid',
      'first_name',
      'first_name must be a string',
    ],
    [
      { email_address: ['a@x.io'], first_name: 'x'.repeat(257) },
      'form_param_value_invalid',
      'first_name',
      'first_name must be at most 256 characters long',
    ],
    [
      { email_address: ['a@x.io'], public_metadata: [] },
      'form_param_format_invalid',
      'public_metadata',
      'public_metadata must be an object',
    ],
    [
      { email_address: ['a@x.io'], public_metadata: null },
      'form_param_format_invalid',
      'public_metadata',
      'public_metadata must be an object',
    ],
    [
      { email_address: ['a@x.io'], skip_password_checks: 'yes' },
      'form_param_format_invalid',
      'skip_password_checks',
      'skip_password_checks must be a boolean',
    ],
    [
      { email_address: ['a@x.io'], role: 'admin' },
      'form_param_unknown',
      'role',
      'role is not a valid parameter for this request',
    ],
    [
      { email_address: ['a@x.io'], firstName: 'Ada' },
      'form_param_unknown',
      'firstName',
      'firstName is not a valid parameter for this request',
    ],
    [
      { email_addresses: ['a@x.io'] },
      'form_param_unknown',
      'email_addresses',
      'email_addresses is not a valid parameter for this request',
    ],
  ])('refuses %j with %s naming %s', (input, code, param, description) => {
    expect(errorOf(() => readAdminInput(input, createUserRequest, EMAIL_ADDRESS))).toMatchObject({
      code,
      status: 422,
      param,
      description,
    });
  });

  it('accepts null to clear a field of an update', () => {
    expect(readAdminInput({ first_name: null, username: null }, updateUserFields)).toEqual({
      firstName: null,
      username: null,
    });
  });

  it('names the value rules of enums and numbers', () => {
    expect(errorOf(() => readAdminInput({ order_by: 'name' }, listUsersRequest))).toMatchObject({
      code: 'form_param_value_invalid',
      param: 'order_by',
      description: 'order_by must be one of: -created_at, +created_at',
    });
    expect(errorOf(() => readAdminInput({ limit: 501 }, listUsersRequest))).toMatchObject({
      code: 'form_param_value_invalid',
      param: 'limit',
      description: 'limit must be at most 500',
    });
  });
});

describe('bodyParams', () => {
  it('treats no body as no parameters and refuses a body that is not an object', () => {
    expect(bodyParams(undefined)).toEqual({});
    for (const body of [[], 'text', 5]) {
      expect(errorOf(() => bodyParams(body))).toMatchObject({ code: 'request_body_invalid', status: 400 });
    }
  });
});

describe('queryParams', () => {
  it('makes numbers of limit and offset, and arrays of list parameters however they are spelled', () => {
    expect(queryParams({ limit: '20', offset: '0', email_address: 'a@x.io', query: '42' }, ['email_address'])).toEqual({
      limit: 20,
      offset: 0,
      email_address: ['a@x.io'],
      query: '42',
    });
    expect(queryParams({ 'email_address[]': ['a@x.io', 'b@x.io'] }, ['email_address'])).toEqual({
      email_address: ['a@x.io', 'b@x.io'],
    });
  });

  it('leaves a non-numeric limit for the schema to refuse, and refuses a repeated scalar', () => {
    expect(errorOf(() => readAdminInput(queryParams({ limit: 'ten' }), listUsersRequest))).toMatchObject({
      code: 'form_param_format_invalid',
      param: 'limit',
      description: 'limit must be a number',
    });
    expect(errorOf(() => queryParams({ query: ['a', 'b'] }))).toMatchObject({
      code: 'form_param_value_invalid',
      param: 'query',
    });
  });
});

describe('pathId', () => {
  it('answers not found for an id longer than any we mint', () => {
    expect(pathId('user_abc')).toBe('user_abc');
    expect(errorOf(() => pathId('x'.repeat(65)))).toMatchObject({ code: 'resource_not_found', status: 404 });
  });
});
