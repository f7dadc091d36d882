import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { AuthenticationInvalidError } from '@tessera/contracts';
import { constantTimeEqual } from '@tessera/crypto';
import type { FastifyRequest } from 'fastify';
import { GATEWAY_CONFIG, type GatewayConfig } from '../gateway.config';

/**
 * The admin API's only door: `Authorization: Bearer <ADMIN_API_KEY>`, compared in constant time. A missing or
 * wrong key is the same 401, which says nothing about what exists behind it.
 */
@Injectable()
export class AdminAuthGuard implements CanActivate {
  constructor(@Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig) {}

  canActivate(context: ExecutionContext): boolean {
    const header = context.switchToHttp().getRequest<FastifyRequest>().headers.authorization ?? '';
    const match = /^Bearer ([^\s]+)$/i.exec(header);
    if (!match || !constantTimeEqual(match[1], this.config.ADMIN_API_KEY)) {
      throw new AuthenticationInvalidError('The admin API key in the Authorization header is missing or invalid');
    }
    return true;
  }
}
