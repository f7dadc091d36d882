import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { AuthenticationInvalidError } from '@tessera/contracts';
import { constantTimeEqual } from '@tessera/crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { GATEWAY_CONFIG, type GatewayConfig } from '../gateway.config';

const ADMIN_PREFIX = '/v1/';

/** `Authorization: Bearer <ADMIN_API_KEY>`, compared in constant time. */
export function hasAdminKey(authorization: string | undefined, adminApiKey: string): boolean {
  const match = /^Bearer ([^\s]+)$/i.exec(authorization ?? '');
  return match !== null && constantTimeEqual(match[1], adminApiKey);
}

const invalidKey = () =>
  new AuthenticationInvalidError('The admin API key in the Authorization header is missing or invalid');

/**
 * The admin API's door, checked as soon as a /v1 request arrives — before its body is read, so a caller without
 * the key learns nothing (not even whether its JSON parses). A missing or wrong key is the same 401.
 *
 * A callback hook, not an async one: it runs on every request of every route, and an async hook costs a promise
 * and an event-loop turn (the other hooks of hot routes are callbacks for the same reason).
 */
export function registerAdminKeyCheck(fastify: FastifyInstance, adminApiKey: string): void {
  fastify.addHook('onRequest', (request, _reply, done) => {
    if (request.url.startsWith(ADMIN_PREFIX) && !hasAdminKey(request.headers.authorization, adminApiKey)) {
      done(invalidKey());
      return;
    }
    done();
  });
}

/** The same check on each admin controller, so a route cannot be exposed by a missing hook. */
@Injectable()
export class AdminAuthGuard implements CanActivate {
  constructor(@Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<FastifyRequest>();
    if (!hasAdminKey(request.headers.authorization, this.config.ADMIN_API_KEY)) throw invalidKey();
    return true;
  }
}
