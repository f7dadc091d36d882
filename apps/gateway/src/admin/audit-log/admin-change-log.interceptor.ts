import { Inject, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Logger } from '@tessera/logging';
import type { FastifyRequest } from 'fastify';
import { tap, type Observable } from 'rxjs';
import { GATEWAY_LOGGER } from '../../gateway.logger';
import { toTesseraError } from '../../http/to-tessera-error';

const CHANGING_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * One log line per admin API change (a /v1 POST, PUT, PATCH or DELETE), with the route pattern and the outcome,
 * never the body. With the request id it carries, it ties what an operator did to the service's own line about
 * the change and to the audit log entry. Reads are not logged: they would drown the changes. Applied to the admin
 * controllers only (not globally), so that OAuth requests do not pay for an interceptor that ignores them.
 */
@Injectable()
export class AdminChangeLogInterceptor implements NestInterceptor {
  constructor(@Inject(GATEWAY_LOGGER) private readonly logger: Logger) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<FastifyRequest | undefined>();
    if (!request?.url?.startsWith('/v1/') || !CHANGING_METHODS.has(request.method)) return next.handle();
    const fields = { method: request.method, route: request.routeOptions.url };
    return next.handle().pipe(
      tap({
        next: () => this.logger.info({ ...fields, outcome: 'ok' }, 'admin API change'),
        error: (error: unknown) =>
          this.logger.info({ ...fields, outcome: toTesseraError(error).code }, 'admin API change refused'),
      }),
    );
  }
}
