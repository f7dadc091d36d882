import { Catch, type ArgumentsHost, type RpcExceptionFilter } from '@nestjs/common';
import {
  ServerError,
  TemporarilyUnavailableError,
  TesseraError,
  toErrorEnvelope,
  type ErrorEnvelope,
} from '@tessera/contracts';
import type { Logger } from '@tessera/logging';
import { throwError, type Observable } from 'rxjs';
import { isDependencyFailure } from './dependency-failure';

/**
 * Every service's last word on an error: a TesseraError crosses NATS as its envelope (code and description); a
 * dependency that is down (Postgres, Redis, NATS: see isDependencyFailure) crosses as `temporarily_unavailable`,
 * so that clients see a 503 and retry rather than a 500; anything else is logged here with its stack and crosses
 * as a bare `server_error`, so internals never leak.
 */
@Catch()
export class RpcErrorFilter implements RpcExceptionFilter<unknown> {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): Observable<ErrorEnvelope> {
    const subject = host.switchToRpc().getContext<{ getSubject?: () => string }>()?.getSubject?.();
    return throwError(() => errorEnvelopeFor(exception, subject, this.logger));
  }
}

/** The envelope an error crosses NATS as, logged as described on RpcErrorFilter. */
export function errorEnvelopeFor(exception: unknown, subject: string | undefined, logger: Logger): ErrorEnvelope {
  if (exception instanceof TesseraError) {
    if (exception.status >= 500 || exception.detail !== undefined) {
      logger.warn({ subject, error: exception.code, detail: exception.detail }, exception.description);
    }
    return toErrorEnvelope(exception);
  }
  if (isDependencyFailure(exception)) {
    const owner = subject?.split('.')[0] ?? 'requested';
    logger.warn({ subject, err: exception }, 'a dependency is unavailable');
    return toErrorEnvelope(new TemporarilyUnavailableError(`The ${owner} service is temporarily unavailable`));
  }
  logger.error({ subject, err: exception }, 'unexpected error in message handler');
  return toErrorEnvelope(new ServerError('The server encountered an unexpected condition'));
}
