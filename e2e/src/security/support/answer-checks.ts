import { e2e } from '../../support/e2e-env';
import type { Answer } from './http-client';

/**
 * What every answer to a hostile request must look like, by kind of endpoint:
 * - `oauth`: the OAuth endpoints — an RFC 6749 §5.2 JSON error, exactly `{error, error_description}`, never
 *   cached; or the bare RFC 6750 §3.1 challenge with no body (userinfo without a token);
 * - `admin`: /v1 — Clerk's envelope `{errors:[{message, long_message, code, meta}]}`;
 * - `page`: the browser endpoints — an HTML page that cannot be framed, or a 303 to Tessera or to the client's
 *   registered redirect URI;
 * - `document`: discovery and the JWKS — JSON, errors as `oauth`.
 * Whatever the kind: never a 5xx, never a stack trace, an internal path or a database message.
 */
export type EndpointFamily = 'oauth' | 'admin' | 'page' | 'document';

const LEAKS: ReadonlyArray<[string, RegExp]> = [
  ['a stack frame', /\n\s+at \S+ \(|\bat (?:async )?[\w$.<>]+ \([^)]*:\d+:\d+\)/],
  ['a file path', /\/work\/|\/home\/|\/usr\/|node_modules|dist\/(?:apps|libs)|\.(?:ts|js):\d+/],
  [
    'an internal error name',
    /\b(?:TypeError|ReferenceError|RangeError|QueryFailedError|ZodError|EntityNotFound\w*|ECONNREFUSED|FST_ERR_\w+|ERR_\w+|HttpException)\b/,
  ],
  ['a database message', /duplicate key value|violates \w+ constraint|invalid input syntax for|relation "\w+"/],
  ["a framework's own error shape", /"statusCode":\s*\d{3}/],
];

const ERROR_CODE = /^[a-z][a-z0-9_]*$/;

export interface AnswerExpectations {
  /** Absolute URLs (other than Tessera's own) that a 303 may lead to: the fixture client's redirect URIs. */
  redirectTargets?: readonly string[];
  /** Strings the request carried that must never come back unescaped in HTML (markup probes). */
  markup?: readonly string[];
}

/** Throws (with what was wrong and the answer) unless `answer` is a proper answer for its family. */
export function expectProperAnswer(answer: Answer, family: EndpointFamily, options: AnswerExpectations = {}): void {
  const problems = answerProblems(answer, family, options);
  if (problems.length) {
    throw new Error(
      `Improper answer (${problems.join('; ')}):\n${answer.status} ${JSON.stringify(answer.headers)}\n${answer.text.slice(0, 1500)}`,
    );
  }
}

export function answerProblems(answer: Answer, family: EndpointFamily, options: AnswerExpectations = {}): string[] {
  const problems: string[] = [];
  if (answer.status < 200 || answer.status >= 500) problems.push(`status ${answer.status}`);
  for (const [what, pattern] of LEAKS) if (pattern.test(answer.text)) problems.push(`the body holds ${what}`);
  for (const header of Object.keys(answer.headers)) {
    if (header.includes('injected')) problems.push(`an injected header "${header}"`);
  }
  if ((answer.headers['set-cookie'] ?? []).some((cookie) => cookie.includes('injected'))) {
    problems.push('an injected cookie');
  }
  if (answer.headers['access-control-allow-origin'] !== undefined && family !== 'oauth') {
    problems.push('a CORS header outside userinfo');
  }
  // Node's HTTP parser refuses a request line or headers over 16 KiB before any route is known: the gateway
  // answers those with an OAuth error whatever the path (http/client-error.ts).
  const kind: EndpointFamily = answer.status === 431 ? 'oauth' : family;
  switch (kind) {
    case 'oauth':
    case 'document':
      problems.push(...oauthProblems(answer, kind));
      break;
    case 'admin':
      problems.push(...adminProblems(answer));
      break;
    case 'page':
      problems.push(...pageProblems(answer, options));
      break;
  }
  return problems;
}

function contentType(answer: Answer): string {
  return String(answer.headers['content-type'] ?? '');
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function oauthProblems(answer: Answer, family: 'oauth' | 'document'): string[] {
  const problems: string[] = [];
  if (family === 'oauth' && answer.headers['cache-control'] !== 'no-store') problems.push('cacheable');
  if (answer.status < 400) {
    if (answer.text !== '' && !contentType(answer).startsWith('application/json')) problems.push('a non-JSON 2xx');
    return problems;
  }
  const bareBearer = answer.status === 401 && /^Bearer realm="[^"]+"$/.test(String(answer.headers['www-authenticate']));
  if (bareBearer && answer.text === '') return problems;
  if (!contentType(answer).startsWith('application/json')) problems.push(`content-type "${contentType(answer)}"`);
  const body = parseJson(answer.text) as Record<string, unknown> | undefined;
  if (
    !body ||
    typeof body !== 'object' ||
    Object.keys(body).sort().join() !== 'error,error_description' ||
    typeof body.error !== 'string' ||
    !ERROR_CODE.test(body.error) ||
    typeof body.error_description !== 'string'
  ) {
    problems.push('not an RFC 6749 §5.2 error body');
  }
  if (
    answer.status === 401 &&
    body?.error === 'invalid_client' &&
    !/^Basic /.test(`${answer.headers['www-authenticate']}`)
  ) {
    problems.push('invalid_client without a Basic challenge');
  }
  return problems;
}

function adminProblems(answer: Answer): string[] {
  const problems: string[] = [];
  if (!contentType(answer).startsWith('application/json')) problems.push(`content-type "${contentType(answer)}"`);
  if (answer.status < 400) return problems;
  const body = parseJson(answer.text) as { errors?: Array<Record<string, unknown>> } | undefined;
  const error = body?.errors?.[0];
  if (
    !body ||
    Object.keys(body).join() !== 'errors' ||
    body.errors?.length !== 1 ||
    !error ||
    Object.keys(error).sort().join() !== 'code,long_message,message,meta' ||
    typeof error.code !== 'string' ||
    !ERROR_CODE.test(error.code) ||
    typeof error.message !== 'string' ||
    typeof error.long_message !== 'string'
  ) {
    problems.push("not Clerk's error envelope");
  }
  return problems;
}

function pageProblems(answer: Answer, options: AnswerExpectations): string[] {
  const problems: string[] = [];
  if (answer.status === 303) {
    const location = String(answer.headers.location ?? '');
    const allowed = [`${e2e.issuer}/`, ...(options.redirectTargets ?? []).map((target) => `${target}?`)];
    if (!allowed.some((prefix) => location.startsWith(prefix))) problems.push(`a redirect to "${location}"`);
    if (/[\r\n]/.test(location)) problems.push('a line break in Location');
    return problems;
  }
  if (answer.status >= 300 && answer.status < 400) return [`a ${answer.status} redirect (only 303 is used)`];
  if (!contentType(answer).startsWith('text/html')) problems.push(`content-type "${contentType(answer)}"`);
  if (!answer.text.startsWith('<!doctype html>')) problems.push('not an HTML page');
  problems.push(...framingProblems(answer));
  for (const probe of options.markup ?? []) {
    if (answer.text.includes(probe)) problems.push(`unescaped markup "${probe}"`);
  }
  return problems;
}

/** RFC 9700 §4.16 (clickjacking): no page may be framed, by the old header and by CSP. */
export function framingProblems(answer: Answer): string[] {
  const problems: string[] = [];
  if (answer.headers['x-frame-options'] !== 'DENY') problems.push('no X-Frame-Options: DENY');
  if (!/(?:^|;)\s*frame-ancestors 'none'\s*(?:;|$)/.test(String(answer.headers['content-security-policy'] ?? ''))) {
    problems.push("no CSP frame-ancestors 'none'");
  }
  return problems;
}
