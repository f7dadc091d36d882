import pino, { type DestinationStream, type Logger } from 'pino';
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
  'code_verifier',
  'authorization',
  'cookie',
  'privateKey',
  'private_key',
  'ADMIN_API_KEY',
  'SIGNING_KEY_ENCRYPTION_KEY',
];
/**
 * `code` is a secret only as an authorization code: a parameter of the token request (RFC 6749 §4.1.3) in an
 * HTTP body or query, and the `grant` of `token.grant.exchange`. Anywhere else it is an error's code
 * (`err.code`: ECONNREFUSED, a SQLSTATE), which is what an operator reads the log for.
 */
const AUTHORIZATION_CODE_KEYS = ['body.code', 'query.code', 'grant.code'];

const redactPaths = [...SECRET_KEYS, ...AUTHORIZATION_CODE_KEYS].flatMap((key) => [key, `*.${key}`, `*.*.${key}`]);

/**
 * One JSON logger per process; every line carries the service name and the current request id. Lines go to
 * stdout unless a destination is given.
 */
export function createLogger(service: string, level = 'info', destination?: DestinationStream): Logger {
  const options: pino.LoggerOptions = {
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
  };
  return destination ? pino(options, destination) : pino(options);
}
