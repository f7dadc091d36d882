import pino, { type Logger } from 'pino';
import { currentRequestContext } from './request-context';

export type { Logger } from 'pino';

/**
 * Keys whose values are secrets wherever they appear in a log object. pino replaces them with "[redacted]"
 * so that a careless `log.info({ body })` cannot leak a password, a token or a key.
 */
const SECRET_KEYS = [
  'password',
  'client_secret',
  'clientSecret',
  'secret',
  'token',
  'access_token',
  'refresh_token',
  'id_token',
  'code',
  'code_verifier',
  'authorization',
  'cookie',
  'privateKey',
  'private_key',
  'ADMIN_API_KEY',
  'SIGNING_KEY_ENCRYPTION_KEY',
];
const redactPaths = SECRET_KEYS.flatMap((key) => [key, `*.${key}`, `*.*.${key}`]);

/** One JSON logger per process; every line carries the service name and the current request id. */
export function createLogger(service: string, level = 'info'): Logger {
  return pino({
    level,
    base: { service, pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    messageKey: 'msg',
    redact: { paths: redactPaths, censor: '[redacted]' },
    formatters: { level: (label) => ({ level: label }) },
    mixin: () => {
      const context = currentRequestContext();
      return context ? { requestId: context.requestId } : {};
    },
  });
}
