import { InsufficientScopeError, InvalidRequestError, InvalidTokenError, type TesseraError } from '@tessera/contracts';
import type { FastifyReply } from 'fastify';
import { BearerTokenMissingError, renderOAuthError } from '../../http/error-rendering';

const ISSUER = 'https://id.example.com';

/** What renderOAuthError writes on a reply. */
function rendered(error: TesseraError) {
  const headers: Record<string, string> = {};
  const sent: { status?: number; body?: unknown; sent: boolean } = { sent: false };
  const reply = {
    header(name: string, value: string) {
      headers[name.toLowerCase()] = value;
      return reply;
    },
    status(code: number) {
      sent.status = code;
      return reply;
    },
    type(value: string) {
      headers['content-type'] = value;
      return reply;
    },
    send(body?: unknown) {
      sent.sent = true;
      sent.body = body;
      return reply;
    },
  };
  renderOAuthError(error, reply as unknown as FastifyReply, ISSUER);
  return { ...sent, headers };
}

describe('RFC 6750 §3 challenges of a protected resource', () => {
  it('answers a request without a token with a bare Bearer challenge and no error information', () => {
    const answer = rendered(new BearerTokenMissingError('The request has no access token'));
    expect(answer.status).toBe(401);
    expect(answer.headers['www-authenticate']).toBe(`Bearer realm="${ISSUER}"`);
    expect(answer.body).toBeUndefined();
    expect(answer.sent).toBe(true);
    expect(answer.headers['cache-control']).toBe('no-store');
  });

  it('names invalid_token with its description in the challenge and the JSON body', () => {
    const answer = rendered(new InvalidTokenError('The access token is invalid, expired or revoked'));
    expect(answer.status).toBe(401);
    expect(answer.headers['www-authenticate']).toBe(
      `Bearer realm="${ISSUER}", error="invalid_token", error_description="The access token is invalid, expired or revoked"`,
    );
    expect(answer.body).toEqual({
      error: 'invalid_token',
      error_description: 'The access token is invalid, expired or revoked',
    });
  });

  it('answers insufficient_scope with 403 and its challenge', () => {
    const answer = rendered(new InsufficientScopeError('No scope'));
    expect(answer.status).toBe(403);
    expect(answer.headers['www-authenticate']).toBe(
      `Bearer realm="${ISSUER}", error="insufficient_scope", error_description="No scope"`,
    );
  });

  it('sends no challenge with invalid_request', () => {
    const answer = rendered(new InvalidRequestError('bad'));
    expect(answer.status).toBe(400);
    expect(answer.headers['www-authenticate']).toBeUndefined();
    expect(answer.body).toEqual({ error: 'invalid_request', error_description: 'bad' });
  });
});
