import { InvalidClientError, InvalidRequestError } from '@tessera/contracts';
import { extractClientCredentials, parseBasicAuthorization } from './client-credentials';
import { thrownBy } from '@tessera/testing';

const basic = (id: string, secret: string) =>
  `Basic ${Buffer.from(`${formEncode(id)}:${formEncode(secret)}`).toString('base64')}`;
const formEncode = (value: string) => new URLSearchParams({ v: value }).toString().slice(2);

describe('extractClientCredentials (RFC 6749 §2.3.1)', () => {
  it('reads client_secret_basic', () => {
    expect(extractClientCredentials(basic('client-1', 's3cret'), {})).toEqual({
      method: 'client_secret_basic',
      clientId: 'client-1',
      clientSecret: 's3cret',
    });
  });

  it('form-urldecodes both halves of the Basic credentials (+ is a space, %XX an octet)', () => {
    const header = `Basic ${Buffer.from('my+client%3Aid:p%40ss+word%2B%C3%A9').toString('base64')}`;
    expect(extractClientCredentials(header, {})).toEqual({
      method: 'client_secret_basic',
      clientId: 'my client:id',
      clientSecret: 'p@ss word+é',
    });
    expect(extractClientCredentials(basic('a:b c', 'x:y+z'), {})).toMatchObject({
      clientId: 'a:b c',
      clientSecret: 'x:y+z',
    });
  });

  it('accepts the scheme name in any case', () => {
    const header = basic('c', 's').replace('Basic', 'bAsIc');
    expect(extractClientCredentials(header, {})).toMatchObject({ method: 'client_secret_basic', clientId: 'c' });
  });

  it('reads client_secret_post', () => {
    expect(extractClientCredentials(undefined, { client_id: 'c', client_secret: 's' })).toEqual({
      method: 'client_secret_post',
      clientId: 'c',
      clientSecret: 's',
    });
  });

  it('reads a public client (none) from client_id alone', () => {
    expect(extractClientCredentials(undefined, { client_id: 'c' })).toEqual({ method: 'none', clientId: 'c' });
  });

  it('treats Basic with an empty password as client_id alone', () => {
    expect(extractClientCredentials(basic('c', ''), {})).toEqual({ method: 'none', clientId: 'c' });
  });

  it('ignores Authorization schemes other than Basic', () => {
    expect(extractClientCredentials('Bearer abc', { client_id: 'c' })).toEqual({ method: 'none', clientId: 'c' });
  });

  it('tolerates a body client_id equal to the Basic one, and refuses a different one', () => {
    expect(extractClientCredentials(basic('c', 's'), { client_id: 'c' })).toMatchObject({
      method: 'client_secret_basic',
    });
    const error = thrownBy(() => extractClientCredentials(basic('c', 's'), { client_id: 'other' }));
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect(error).toMatchObject({ param: 'client_id' });
  });

  it('refuses two methods at once with invalid_request', () => {
    const error = thrownBy(() => extractClientCredentials(basic('c', 's'), { client_id: 'c', client_secret: 's' }));
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect(error).toMatchObject({
      description: 'The client must not use more than one authentication method',
      param: 'client_secret',
    });
  });

  it('refuses a body secret without a client_id', () => {
    expect(thrownBy(() => extractClientCredentials(undefined, { client_secret: 's' }))).toBeInstanceOf(
      InvalidRequestError,
    );
  });

  it('refuses repeated or non-string credentials', () => {
    expect(thrownBy(() => extractClientCredentials(undefined, { client_id: ['a', 'b'] }))).toMatchObject({
      code: 'invalid_request',
      description: 'The "client_id" parameter must not be repeated',
    });
    expect(thrownBy(() => extractClientCredentials(undefined, { client_id: 'c', client_secret: 5 }))).toMatchObject({
      code: 'invalid_request',
      description: 'The "client_secret" parameter must be a string',
    });
  });

  it('treats empty parameters as omitted and asks for authentication when nothing is presented', () => {
    const error = thrownBy(() => extractClientCredentials(undefined, { client_id: '', client_secret: '' }));
    expect(error).toBeInstanceOf(InvalidClientError);
    expect(error).toMatchObject({ description: 'Client authentication is required' });
  });
});

describe('parseBasicAuthorization', () => {
  it('is undefined without a header', () => {
    expect(parseBasicAuthorization(undefined)).toBeUndefined();
    expect(parseBasicAuthorization('')).toBeUndefined();
  });

  it.each([
    ['no credentials', 'Basic'],
    ['not base64', 'Basic !!!'],
    ['no colon', `Basic ${Buffer.from('justanid').toString('base64')}`],
    ['an empty client id', `Basic ${Buffer.from(':secret').toString('base64')}`],
    ['bad percent-encoding', `Basic ${Buffer.from('id:%E0%A4%A').toString('base64')}`],
  ])('treats %s as a failed client authentication', (_case, header) => {
    const error = thrownBy(() => parseBasicAuthorization(header));
    expect(error).toBeInstanceOf(InvalidClientError);
  });
});
