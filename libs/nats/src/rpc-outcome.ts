import { TesseraError } from '@tessera/contracts';
import { isDependencyFailure } from './dependency-failure';

/**
 * How a failed NATS request ends, as its caller sees it (the mapping RpcErrorFilter applies): a typed error's
 * OAuth code, `temporarily_unavailable` for an unreachable dependency, `server_error` for anything else.
 * The label of metrics and spans.
 */
export function rpcOutcomeOf(error: unknown): string {
  if (error instanceof TesseraError) return error.code;
  return isDependencyFailure(error) ? 'temporarily_unavailable' : 'server_error';
}

/** Whether that outcome is the server's failure (5xx) rather than a refusal of the request (4xx). */
export function isServerFailure(error: unknown): boolean {
  return error instanceof TesseraError ? error.status >= 500 : true;
}
