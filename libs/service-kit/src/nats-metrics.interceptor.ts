import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { catchError, tap, throwError, type Observable } from 'rxjs';
import type { ServiceMetrics } from '@tessera/health';
import { rpcOutcomeOf } from '@tessera/nats';

/** Counts every NATS request a service answers, by subject and outcome. */
@Injectable()
export class NatsMetricsInterceptor implements NestInterceptor {
  constructor(private readonly metrics: ServiceMetrics) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const subject = context.switchToRpc().getContext<{ getSubject?: () => string }>()?.getSubject?.() ?? 'unknown';
    return next.handle().pipe(
      tap(() => this.metrics.natsHandled.inc({ subject, outcome: 'ok' })),
      catchError((error: unknown) => {
        this.metrics.natsHandled.inc({ subject, outcome: rpcOutcomeOf(error) });
        return throwError(() => error);
      }),
    );
  }
}
