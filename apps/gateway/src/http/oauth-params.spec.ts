import { InvalidClientMetadataError, InvalidRequestError } from '@tessera/contracts';
import { z } from 'zod';
import { readOAuthParams } from './oauth-params';

const schema = z.object({
  grant_type: z.enum(['authorization_code']),
  code: z.string().max(10),
  state: z.string().optional(),
});

describe('readOAuthParams', () => {
  it('returns the parsed parameters and treats empty values as omitted (RFC 6749 §3.1)', () => {
    expect(readOAuthParams({ grant_type: 'authorization_code', code: 'abc', state: '' }, schema)).toEqual({
      grant_type: 'authorization_code',
      code: 'abc',
    });
  });

  it('refuses a repeated parameter', () => {
    expect(() => readOAuthParams({ grant_type: 'authorization_code', code: ['a', 'b'] }, schema)).toThrow(
      new InvalidRequestError('The "code" parameter must not be repeated'),
    );
  });

  it('names a missing parameter', () => {
    const error = (() => {
      try {
        return readOAuthParams({ grant_type: 'authorization_code' }, schema);
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect(error).toMatchObject({ description: 'The "code" parameter is required', param: 'code' });
  });

  it('refuses non-string values (JSON bodies) and invalid values', () => {
    expect(() => readOAuthParams({ grant_type: 'authorization_code', code: 5 }, schema)).toThrow(
      'The "code" parameter must be a string',
    );
    expect(() => readOAuthParams({ grant_type: 'password', code: 'a' }, schema)).toThrow(
      /^The "grant_type" parameter is invalid/,
    );
  });

  it('uses the caller’s error class when given one', () => {
    expect(() =>
      readOAuthParams(
        { code: 'a' },
        schema,
        (description, param) => new InvalidClientMetadataError(description, { param }),
      ),
    ).toThrow(InvalidClientMetadataError);
  });
});
