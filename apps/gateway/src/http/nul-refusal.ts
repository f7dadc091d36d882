import { holdsNul, InvalidRequestError } from '@tessera/contracts';
import type { FastifyInstance } from 'fastify';

/**
 * Refuses any request whose path parameters, query or body hold U+0000 (see holdsNul), before a controller sees
 * it (found by the hostile-input suite: `DELETE /v1/users/x/oauth_consents/%00` failed in Postgres as a 500).
 */
export function registerNulRefusal(fastify: FastifyInstance): void {
  // A callback hook, not an async one: it runs on every request, and an async hook costs a promise and a turn.
  fastify.addHook('preValidation', (request, _reply, done) => {
    for (const [where, value] of [
      ['path', request.params],
      ['query', request.query],
      ['body', request.body],
    ] as const) {
      if (holdsNul(value)) {
        done(
          new InvalidRequestError(`The request ${where} contains a NUL character`, {
            detail: { reason: 'NUL character', where },
          }),
        );
        return;
      }
    }
    done();
  });
}
