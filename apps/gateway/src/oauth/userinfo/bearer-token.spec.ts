import { InvalidRequestError, InvalidTokenError } from '@tessera/contracts';
import { thrownBy } from '@tessera/testing';
import type { FastifyRequest } from 'fastify';
import { BearerTokenMissingError } from '../../http/error-rendering';
import { readBearerToken } from './bearer-token';

const FORM = 'application/x-www-form-urlencoded';

function request(init: { authorization?: string; query?: Record<string, unknown>; contentType?: string }) {
  return {
    headers: {
      ...(init.authorization !== undefined ? { authorization: init.authorization } : {}),
      ...(init.contentType !== undefined ? { 'content-type': init.contentType } : {}),
    },
    query: init.query ?? {},
  } as unknown as FastifyRequest;
}

describe('readBearerToken (RFC 6750 §2)', () => {
  it('reads the Authorization header, whatever the case of the scheme (§2.1)', () => {
    expect(readBearerToken(request({ authorization: 'Bearer oat_abc' }))).toBe('oat_abc');
    expect(readBearerToken(request({ authorization: 'bearer  a.b-c_d~e+f/g==' }))).toBe('a.b-c_d~e+f/g==');
  });

  it('reads access_token from a form-encoded POST body (§2.2)', () => {
    expect(readBearerToken(request({ contentType: FORM }), { access_token: 'oat_abc' })).toBe('oat_abc');
    expect(readBearerToken(request({ contentType: `${FORM}; charset=utf-8` }), { access_token: 'x' })).toBe('x');
  });

  it('answers a request without any token with the bare challenge (§3.1)', () => {
    for (const [req, body] of [
      [request({}), undefined],
      [request({ contentType: FORM }), {}],
      [request({ contentType: FORM }), { access_token: '' }],
      // Another scheme is no bearer token at all.
      [request({ authorization: 'Basic Y2xpZW50OnNlY3JldA==' }), undefined],
    ] as const) {
      const error = thrownBy(() => readBearerToken(req, body));
      expect(error).toBeInstanceOf(BearerTokenMissingError);
      expect(error).toMatchObject({ status: 401 });
    }
  });

  it('refuses the query-string method (§2.3) instead of ignoring it', () => {
    for (const query of [{ access_token: 'oat_abc' }, { access_token: ['a', 'b'] }]) {
      const error = thrownBy(() => readBearerToken(request({ authorization: 'Bearer oat_abc', query })));
      expect(error).toBeInstanceOf(InvalidRequestError);
      expect(error).toMatchObject({ param: 'access_token' });
    }
  });

  it('refuses two methods at once (§3.1)', () => {
    const error = thrownBy(() =>
      readBearerToken(request({ authorization: 'Bearer a', contentType: FORM }), { access_token: 'b' }),
    );
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect(error).toMatchObject({
      description: 'The request must not use more than one method to include an access token',
    });
  });

  it('refuses a body token that is not form-encoded, repeated or not a string', () => {
    expect(
      thrownBy(() => readBearerToken(request({ contentType: 'application/json' }), { access_token: 'a' })),
    ).toMatchObject({
      code: 'invalid_request',
      description: 'The request body must be application/x-www-form-urlencoded',
    });
    expect(thrownBy(() => readBearerToken(request({ contentType: FORM }), { access_token: ['a', 'b'] }))).toMatchObject(
      {
        code: 'invalid_request',
        description: 'The "access_token" parameter must not be repeated',
      },
    );
    expect(thrownBy(() => readBearerToken(request({ contentType: FORM }), { access_token: 7 }))).toBeInstanceOf(
      InvalidRequestError,
    );
  });

  it('refuses a malformed Bearer header', () => {
    for (const authorization of ['Bearer', 'Bearer ', 'Bearer a b', 'Bearer tok"en', 'Bearer =abc']) {
      expect(thrownBy(() => readBearerToken(request({ authorization })))).toMatchObject({
        code: 'invalid_request',
        param: 'authorization',
      });
    }
  });

  it('treats a token longer than any Tessera issues as invalid_token', () => {
    const error = thrownBy(() => readBearerToken(request({ authorization: `Bearer ${'a'.repeat(8193)}` })));
    expect(error).toBeInstanceOf(InvalidTokenError);
    expect(error).not.toBeInstanceOf(BearerTokenMissingError);
  });
});
