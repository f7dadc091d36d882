import { AccessDeniedError } from '@tessera/contracts';
import { codeReply, errorReply } from './client-reply';

const issuer = 'https://id.example.com';

describe('client replies', () => {
  it('carries the code, state and iss (RFC 9207)', () => {
    expect(codeReply({ redirectUri: 'https://app/cb', responseMode: 'query', state: 's-1' }, 'c-1', issuer)).toEqual({
      kind: 'client_redirect',
      redirectUri: 'https://app/cb',
      responseMode: 'query',
      params: { code: 'c-1', state: 's-1', iss: issuer },
    });
  });

  it('carries an error with its description, and iss even without state', () => {
    const reply = errorReply(
      { redirectUri: 'https://app/cb', responseMode: 'form_post' },
      new AccessDeniedError('The user denied the authorization request'),
      issuer,
    );
    expect(reply).toEqual({
      kind: 'client_redirect',
      redirectUri: 'https://app/cb',
      responseMode: 'form_post',
      params: { error: 'access_denied', error_description: 'The user denied the authorization request', iss: issuer },
    });
  });
});
