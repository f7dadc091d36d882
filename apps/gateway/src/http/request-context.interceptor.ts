import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { REQUEST_ID_HEADER, runWithRequestContext } from '@tessera/logging';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Observable } from 'rxjs';

/**
 * Runs each HTTP handler in a request context whose id (Fastify's `request.id`, taken from a sane incoming
 * `x-request-id` or generated) is echoed to the client and sent on to every service over NATS headers.
 */
@Injectable()
export class HttpRequestContextInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const requestId = http.getRequest<FastifyRequest>().id;
    http.getResponse<FastifyReply>().header(REQUEST_ID_HEADER, requestId);
    return new Observable((subscriber) =>
      runWithRequestContext({ requestId }, () => next.handle().subscribe(subscriber)),
    );
  }
}
