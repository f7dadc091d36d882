import { InvalidRequestError } from '@tessera/contracts';
import type { FastifyInstance } from 'fastify';

/**
 * Refuses any request whose path parameters, query or body hold U+0000, before a controller sees it. No Tessera
 * value may contain it: OAuth parameters are printable characters (RFC 6749 Appendix A), and Postgres text and
 * jsonb cannot store it at all — a NUL that reached a query failed there as a 500 (found by the hostile-input
 * suite: `DELETE /v1/users/x/oauth_consents/%00`).
 */
export function registerNulRefusal(fastify: FastifyInstance): void {
  fastify.addHook('preValidation', async (request) => {
    for (const [where, value] of [
      ['path', request.params],
      ['query', request.query],
      ['body', request.body],
    ] as const) {
      if (holdsNul(value)) {
        throw new InvalidRequestError(`The request ${where} contains a NUL character`, {
          detail: { reason: 'NUL character', where },
        });
      }
    }
  });
}

/** Walks a parsed query or body without recursion (a 64 KiB JSON body can nest deeper than the call stack). */
function holdsNul(root: unknown): boolean {
  const pending: unknown[] = [root];
  while (pending.length) {
    const value = pending.pop();
    if (typeof value === 'string') {
      if (value.includes('\u0000')) return true;
    } else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        if (key.includes('\u0000')) return true;
        pending.push(item);
      }
    }
  }
  return false;
}
