import { FormIdentifierExistsError, ResourceNotFoundError } from './api-errors';
import { fromErrorEnvelope, isErrorEnvelope, toErrorEnvelope } from './error-envelope';
import { InvalidClientError, InvalidGrantError, ServerError, TemporarilyUnavailableError } from './oauth-errors';

describe('the wire error envelope', () => {
  it('carries code, description, status and param', () => {
    expect(
      toErrorEnvelope(new FormIdentifierExistsError('That email address is taken.', { param: 'email_address' })),
    ).toEqual({
      error: 'form_identifier_exists',
      error_description: 'That email address is taken.',
      status: 422,
      param: 'email_address',
    });
  });

  it('never carries the internal detail', () => {
    const envelope = toErrorEnvelope(new InvalidGrantError('The code has expired', { detail: { codeHash: 'secret' } }));
    expect(JSON.stringify(envelope)).not.toContain('secret');
  });

  it.each([
    [new InvalidGrantError('gone'), InvalidGrantError],
    [new InvalidClientError('who are you'), InvalidClientError],
    [new TemporarilyUnavailableError('later'), TemporarilyUnavailableError],
    [new ResourceNotFoundError('no such user'), ResourceNotFoundError],
  ])('rebuilds %p as its own class', (error, errorClass) => {
    const rebuilt = fromErrorEnvelope(toErrorEnvelope(error));
    expect(rebuilt).toBeInstanceOf(errorClass);
    expect(rebuilt).toMatchObject({ code: error.code, status: error.status, description: error.description });
  });

  it('turns an unknown code into server_error', () => {
    const rebuilt = fromErrorEnvelope({ error: 'made_up', error_description: 'x', status: 418 });
    expect(rebuilt).toBeInstanceOf(ServerError);
    expect(rebuilt.status).toBe(500);
  });

  it('recognises only well-formed envelopes', () => {
    expect(isErrorEnvelope({ error: 'invalid_grant', error_description: 'x', status: 400 })).toBe(true);
    expect(isErrorEnvelope({ status: 'error', message: 'Internal server error' })).toBe(false);
    expect(isErrorEnvelope('invalid_grant')).toBe(false);
  });
});
