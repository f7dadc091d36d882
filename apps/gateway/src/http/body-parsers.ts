import { InvalidRequestError } from '@tessera/contracts';
import type { FastifyInstance } from 'fastify';

/**
 * The two body types the gateway accepts (Nest's own parsers are off):
 * - `application/x-www-form-urlencoded` (the OAuth endpoints): a repeated key becomes an array, so that the
 *   endpoint can refuse it (RFC 6749 §3.1);
 * - `application/json` (the admin API, registration): an empty body counts as no body (clients send the header
 *   on DELETE and bodiless POSTs), and malformed JSON is an `invalid_request` that does not echo the input.
 * Anything else is refused by Fastify with 415.
 */
export function registerBodyParsers(fastify: FastifyInstance, bodyLimit: number): void {
  fastify.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit },
    (_request, body, done) => done(null, parseForm(String(body))),
  );
  fastify.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit }, (_request, body, done) => {
    const text = String(body);
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch {
      done(new InvalidRequestError('The request body is not valid JSON'), undefined);
    }
  });
}

export function parseForm(body: string): Record<string, string | string[]> {
  const form: Record<string, string | string[]> = Object.create(null);
  for (const [name, value] of new URLSearchParams(body)) {
    const existing = form[name];
    form[name] = existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value];
  }
  return form;
}
