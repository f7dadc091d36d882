import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { context } from '@opentelemetry/api';
import type { MsgHdrs } from 'nats';
import { Observable, tap } from 'rxjs';
import { endRpcSpan, startServerSpan } from './rpc-tracing';

/**
 * A server span per NATS message (its subject and outcome), continuing the caller's trace; the handler runs
 * inside it, so the requests it makes in turn are its children. Installed only when tracing is on.
 */
@Injectable()
export class RpcTracingInterceptor implements NestInterceptor {
  intercept(executionContext: ExecutionContext, next: CallHandler): Observable<unknown> {
    const rpc = executionContext
      .switchToRpc()
      .getContext<{ getSubject?: () => string; getHeaders?: () => MsgHdrs | undefined }>();
    const { span, context: spanContext } = startServerSpan(rpc?.getSubject?.() ?? 'unknown', rpc?.getHeaders?.());
    return new Observable((subscriber) =>
      context.with(spanContext, () =>
        next
          .handle()
          .pipe(tap({ complete: () => endRpcSpan(span), error: (error: unknown) => endRpcSpan(span, { error }) }))
          .subscribe(subscriber),
      ),
    );
  }
}
