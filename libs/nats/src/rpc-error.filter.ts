import { Catch, type ArgumentsHost, type RpcExceptionFilter } from '@nestjs/common';
import { ServerError, TesseraError, toErrorEnvelope, type ErrorEnvelope } from '@tessera/contracts';
import type { Logger } from '@tessera/logging';
import { throwError, type Observable } from 'rxjs';

/**
 * Every service's last word on an error: a TesseraError crosses NATS as its envelope (code and description);
 * anything else is logged here with its stack and crosses as a bare `server_error`, so internals never leak.
 */
@Catch()
export class RpcErrorFilter implements RpcExceptionFilter<unknown> {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): Observable<ErrorEnvelope> {
    const subject = host.switchToRpc().getContext<{ getSubject?: () => string }>()?.getSubject?.();
    if (exception instanceof TesseraError) {
      if (exception.status >= 500 || exception.detail !== undefined) {
        this.logger.warn({ subject, error: exception.code, detail: exception.detail }, exception.description);
      }
      return throwError(() => toErrorEnvelope(exception));
    }
    this.logger.error({ subject, err: exception }, 'unexpected error in message handler');
    return throwError(() => toErrorEnvelope(new ServerError('The server encountered an unexpected condition')));
  }
}
