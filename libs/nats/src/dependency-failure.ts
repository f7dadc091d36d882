/**
 * Recognises the errors a handler meets when one of its dependencies (Postgres, Redis, NATS) is unreachable,
 * restarting or shutting down, so that the caller gets `temporarily_unavailable` (503: try again) instead of
 * `server_error` (500: a bug). The clients throw plain errors, so they are recognised by shape, not class:
 *
 * - the network: a refused, reset or timed-out connection (`ECONNREFUSED`, `ECONNRESET`, `ETIMEDOUT`…);
 * - ioredis with `enableOfflineQueue: false`: "Stream isn't writeable…" while disconnected, "Connection is
 *   closed." and `MaxRetriesPerRequestError` for commands cut off by a dropped connection, `LOADING` while a
 *   restarted Redis reads its data;
 * - pg and TypeORM: SQLSTATE class 08 (connection exception), 57P01–57P03 (shut down, crashed, starting up) and
 *   53300 (too many connections), the pool's connection timeout and "Connection terminated" messages, and a
 *   query runner used after TypeORM released it because its connection died mid-transaction (TypeORM releases
 *   a runner the moment its pg client emits an error, such as Postgres's "terminating connection" on shutdown);
 * - nats.js: a timeout, closed or draining connection, or no responders (a JetStream call during an outage).
 */
export function isDependencyFailure(error: unknown, depth = 0): boolean {
  if (typeof error !== 'object' || error === null || depth > 3) return false;
  const { name, message, code, errno, syscall, driverError, cause } = error as Record<string, unknown>;
  if (typeof code === 'string' && typeof syscall === 'string' && NETWORK_CODES.has(code)) return true;
  if (typeof errno === 'number' && typeof code === 'string' && NETWORK_CODES.has(code)) return true;
  if (typeof code === 'string' && isUnavailableSqlState(code)) return true;
  if (typeof name === 'string' && UNAVAILABLE_ERROR_NAMES.has(name)) return true;
  if (name === 'NatsError' && typeof code === 'string' && NATS_UNAVAILABLE_CODES.has(code)) return true;
  if (typeof message === 'string' && UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(message))) return true;
  return isDependencyFailure(driverError, depth + 1) || isDependencyFailure(cause, depth + 1);
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** SQLSTATE (PostgreSQL Appendix A) codes that mean "the server is not there right now". */
function isUnavailableSqlState(code: string): boolean {
  return /^08[0-9A-Z]{3}$/.test(code) || ['57P01', '57P02', '57P03', '53300'].includes(code);
}

const UNAVAILABLE_ERROR_NAMES = new Set([
  'MaxRetriesPerRequestError',
  'QueryRunnerAlreadyReleasedError',
  'QueryRunnerProviderAlreadyReleasedError',
]);

const NATS_UNAVAILABLE_CODES = new Set(['TIMEOUT', 'CONNECTION_CLOSED', 'CONNECTION_DRAINING', 'DISCONNECT', '503']);

const UNAVAILABLE_MESSAGES = [
  /^Stream isn't writeable and enableOfflineQueue options is false/,
  /^Connection is closed\.$/,
  /^LOADING /,
  /^Connection terminated/,
  /^timeout exceeded when trying to connect$/,
  /^Client has encountered a connection error and is not queryable$/,
];
