import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { ServiceMetrics } from '@tessera/health';
import type { Logger } from '@tessera/logging';
import { Counter } from 'prom-client';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { renderAdminError, renderOAuthError, type ErrorRenderer } from './error-rendering';
import { toTesseraError } from './to-tessera-error';

/**
 * The gateway's single exit for errors: the client sees a typed error's code and description in the shape of
 * the endpoint family; the log gets the detail. Pages (sign-in, consent) register their own renderer.
 */
@Catch()
export class GatewayExceptionFilter implements ExceptionFilter {
  private readonly renderers: Array<[prefix: string, renderer: ErrorRenderer]> = [['/v1/', renderAdminError]];
  private readonly errors?: Counter<'code'>;

  constructor(
    private readonly logger: Logger,
    private readonly issuer: string,
    metrics?: ServiceMetrics,
  ) {
    this.errors =
      metrics &&
      new Counter({
        name: 'tessera_oauth_errors_total',
        help: 'Errors the gateway answered, by code (OAuth codes on /oauth, Clerk codes on /v1)',
        labelNames: ['code'],
        registers: [metrics.registry],
      });
  }

  /** Pages and other families claim their path prefixes; the longest matching prefix wins. */
  useRendererFor(prefix: string, renderer: ErrorRenderer): this {
    this.renderers.push([prefix, renderer]);
    this.renderers.sort(([a], [b]) => b.length - a.length);
    return this;
  }

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    this.handle(exception, http.getRequest<FastifyRequest>(), http.getResponse<FastifyReply>());
  }

  handle(exception: unknown, request: FastifyRequest, reply: FastifyReply): void {
    const error = toTesseraError(exception);
    this.errors?.inc({ code: error.code });
    const path = request.url.split('?')[0];
    const logFields = {
      // Errors are rendered outside the handler's request context (guards, hooks): name the request here.
      requestId: request.id,
      method: request.method,
      path,
      error: error.code,
      status: error.status,
    };
    if (error.status >= 500) this.logger.error({ ...logFields, ...detailFields(error.detail) }, error.description);
    else if (error.detail !== undefined)
      this.logger.info({ ...logFields, ...detailFields(error.detail) }, error.description);
    const renderer = this.renderers.find(([prefix]) => path.startsWith(prefix))?.[1] ?? renderOAuthError;
    renderer(error, reply, this.issuer);
  }
}

/** An error as detail goes under `err`, where the logger writes its type, message, code and stack (not `{}`). */
const detailFields = (detail: unknown) => (detail instanceof Error ? { err: detail } : { detail });
