import { HttpException } from '@nestjs/common';
import { InvalidRequestError, NotFoundError, ServerError, TesseraError } from '@tessera/contracts';

/** Fastify's own errors (body parsing, limits) carry a status and a FST_ code. */
interface FastifyLikeError {
  statusCode?: number;
  code?: string;
}

const fastifyMessages: Record<string, string> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'The request body is too large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'The request content type is not supported by this endpoint',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'The request body is empty',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'The Content-Length header is invalid',
  // Answered through `frameworkErrors` (see gateway.bootstrap.ts), before any route runs.
  FST_ERR_BAD_URL: 'The request path is not valid: its percent-encoding does not decode to UTF-8',
  FST_ERR_MAX_PARAM_LENGTH: 'The request path is too long',
};

/** Nest re-wraps some of Fastify's errors as HttpExceptions, which keep the status but lose the code. */
const messagesByStatus: Record<number, string> = {
  413: 'The request body is too large',
  415: 'The request content type is not supported by this endpoint',
};

/**
 * Turns whatever reached the HTTP layer into a typed error: ours pass through; framework errors with a 4xx
 * become `invalid_request` (or `not_found`) with that status; everything else is a `server_error`.
 */
export function toTesseraError(exception: unknown): TesseraError {
  if (exception instanceof TesseraError) return exception;
  const status =
    exception instanceof HttpException ? exception.getStatus() : (exception as FastifyLikeError)?.statusCode;
  if (status === 404) return new NotFoundError('The requested endpoint does not exist');
  if (typeof status === 'number' && status >= 400 && status < 500) {
    const code = (exception as FastifyLikeError).code ?? '';
    const error = new InvalidRequestError(
      fastifyMessages[code] ?? messagesByStatus[status] ?? 'The request is malformed',
      {
        detail: exception,
      },
    );
    return Object.defineProperty(error, 'status', { value: status });
  }
  return new ServerError('The server encountered an unexpected condition', {
    detail: exception,
  });
}
