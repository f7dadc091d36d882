import { InvalidRequestError } from '@tessera/contracts';
import type { FastifyInstance } from 'fastify';
import { isUtf8 } from 'node:buffer';

/**
 * The two body types the gateway accepts (Nest's own parsers are off):
 * - `application/x-www-form-urlencoded` (the OAuth endpoints): a repeated key becomes an array, so that the
 *   endpoint can refuse it (RFC 6749 §3.1);
 * - `application/json` (the admin API, registration): an empty body counts as no body (clients send the header
 *   on DELETE and bodiless POSTs), and malformed or too deeply nested JSON is an `invalid_request` that does not
 *   echo the input.
 * Anything else is refused by Fastify with 415.
 *
 * Both take UTF-8 only (WHATWG URL §5.1 and RFC 8259 §8.1): other bytes are an `invalid_request`, never text
 * with replacement characters in it. Both read the body as bytes, check and decode it once: as a string, Fastify
 * would decode each chunk through a StringDecoder (`setEncoding`) and measure each decoded chunk again for the body
 * limit, work the gateway's CPU profile showed on every token and introspection request.
 */
export function registerBodyParsers(fastify: FastifyInstance, bodyLimit: number): void {
  fastify.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'buffer', bodyLimit },
    (_request, body: Buffer, done) => {
      const text = utf8Text(body);
      if (text === undefined) return done(notUtf8(), undefined);
      done(null, parseForm(text));
    },
  );
  fastify.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit }, (_request, body: Buffer, done) => {
    const text = utf8Text(body);
    if (text === undefined) return done(notUtf8(), undefined);
    if (text.trim() === '') return done(null, undefined);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      return done(new InvalidRequestError('The request body is not valid JSON'), undefined);
    }
    if (nestingDepth(parsed) > MAX_JSON_DEPTH) {
      return done(new InvalidRequestError(`The request body is nested more than ${MAX_JSON_DEPTH} levels deep`));
    }
    done(null, parsed);
  });
}

/** The body as text, or undefined when its bytes are not UTF-8. */
function utf8Text(body: Buffer): string | undefined {
  return isUtf8(body) ? body.toString('utf8') : undefined;
}

const notUtf8 = () => new InvalidRequestError('The request body is not valid UTF-8');

/**
 * No Tessera request needs more (metadata objects included). A deeper body is refused here because serialising
 * it again recurses: about 9 000 levels, which fit in 64 KiB, overflowed the stack on the way to a service and
 * came back as a 503 (found by the hostile-input suite).
 */
export const MAX_JSON_DEPTH = 64;

/** How deeply a parsed JSON value nests (a scalar is 0), without recursion. */
export function nestingDepth(root: unknown): number {
  let deepest = 0;
  const pending: Array<[unknown, number]> = [[root, 0]];
  while (pending.length) {
    const [value, depth] = pending.pop() as [unknown, number];
    if (value === null || typeof value !== 'object') continue;
    deepest = Math.max(deepest, depth + 1);
    if (deepest > MAX_JSON_DEPTH) return deepest;
    for (const item of Object.values(value)) pending.push([item, depth + 1]);
  }
  return deepest;
}

/**
 * An application/x-www-form-urlencoded body (WHATWG URL §5.1) as name → value, or → values for a repeated name.
 * Most of a form needs no decoding (tokens, codes, client ids are URL-safe), so a name or value without `%` or
 * `+` is taken as it is, and only the others go through URLSearchParams, whose decoding is the standard's: the
 * same result, without URLSearchParams' byte-by-byte pass over a whole kilobyte-long token (16 times slower on the
 * token_info and token bodies).
 */
export function parseForm(body: string): Record<string, string | string[]> {
  const form: Record<string, string | string[]> = Object.create(null);
  for (let start = 0; start < body.length;) {
    const ampersand = body.indexOf('&', start);
    const end = ampersand === -1 ? body.length : ampersand;
    if (end > start) {
      // Within the pair only: searching the rest of the body for each `=`-less pair would make a body of many of
      // them quadratic.
      const pair = body.slice(start, end);
      const equals = pair.indexOf('=');
      const name = decodeFormComponent(equals === -1 ? pair : pair.slice(0, equals));
      const value = equals === -1 ? '' : decodeFormComponent(pair.slice(equals + 1));
      // A repeated name collects its values in place: copying the array for each one made a body of one name
      // repeated thousands of times quadratic (seconds of CPU for 64 KiB).
      const existing = form[name];
      if (existing === undefined) form[name] = value;
      else if (Array.isArray(existing)) existing.push(value);
      else form[name] = [existing, value];
    }
    start = end + 1;
  }
  return form;
}

/** One name or value of a form, `+` as a space and percent-escapes decoded as UTF-8 (WHATWG URL §5.1). */
function decodeFormComponent(raw: string): string {
  if (!raw.includes('%') && !raw.includes('+')) return raw;
  // The component has no `&` (the form was split on it), and the one `=` that counts is the one prefixed here.
  return new URLSearchParams(`_=${raw}`).get('_') ?? '';
}
