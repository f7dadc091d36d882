import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { Observable } from 'rxjs';

/**
 * CORS for /oauth/userinfo only: browser apps (SPAs, public clients) call it with their access token. Any origin
 * may: the token is the credential, never a cookie, so `*` without credentials is safe. `WWW-Authenticate` is
 * exposed so that a script can read the RFC 6750 challenge of a 401 or 403. The headers go on before the handler
 * runs, so error answers carry them too.
 */
@Injectable()
export class UserinfoCorsInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const reply = context.switchToHttp().getResponse<FastifyReply>();
    reply.header('access-control-allow-origin', '*').header('access-control-expose-headers', 'WWW-Authenticate');
    return next.handle();
  }
}

/** The answer to a CORS preflight (Fetch standard §3.2.3): what a cross-origin call may send. */
export function allowPreflight(reply: FastifyReply): void {
  reply
    .header('access-control-allow-methods', 'GET, POST, OPTIONS')
    .header('access-control-allow-headers', 'Authorization, Content-Type')
    .header('access-control-max-age', '600');
}
