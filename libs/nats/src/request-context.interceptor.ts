import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { REQUEST_ID_HEADER, requestIdFrom, runWithRequestContext } from '@tessera/logging';
import type { MsgHdrs } from 'nats';
import { Observable } from 'rxjs';

/** Runs each NATS handler inside the request context named by the caller's `x-request-id` header. */
@Injectable()
export class RequestContextInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const natsHeaders = context.switchToRpc().getContext<{ getHeaders?: () => MsgHdrs | undefined }>()?.getHeaders?.();
    const requestId = requestIdFrom(natsHeaders?.get(REQUEST_ID_HEADER));
    return new Observable((subscriber) =>
      runWithRequestContext({ requestId }, () => next.handle().subscribe(subscriber)),
    );
  }
}
