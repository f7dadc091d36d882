import { InvalidRequestError } from '@tessera/contracts';
import type { FastifyRequest } from 'fastify';

/**
 * RFC 6749 §3.2 and RFC 7009 §2.1: token and revocation requests are `application/x-www-form-urlencoded`.
 * Anything else (JSON included, which the gateway would otherwise parse) is refused before reading parameters.
 */
export function requireFormBody(request: FastifyRequest): void {
  if (!/^application\/x-www-form-urlencoded\s*(;|$)/i.test(request.headers['content-type'] ?? '')) {
    throw new InvalidRequestError('The request body must be application/x-www-form-urlencoded');
  }
}
