import { InvalidRequestError, type TesseraError } from '@tessera/contracts';
import type { z } from 'zod';

type ErrorFactory = (description: string, param: string) => TesseraError;

const invalidRequest: ErrorFactory = (description, param) => new InvalidRequestError(description, { param });

/**
 * Reads OAuth parameters (a query string or a form body, already parsed by Fastify) against a zod schema.
 * RFC 6749 §3.1 and §3.2: parameters must not be repeated, and a parameter sent without a value is treated as
 * omitted. The first problem becomes a typed error (invalid_request by default) naming the parameter.
 */
export function readOAuthParams<S extends z.ZodTypeAny>(
  input: unknown,
  schema: S,
  toError: ErrorFactory = invalidRequest,
): z.output<S> {
  const raw = input && typeof input === 'object' ? (input as Record<string, unknown>) : {};
  const params: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (Array.isArray(value)) throw toError(`The "${name}" parameter must not be repeated`, name);
    if (typeof value !== 'string') throw toError(`The "${name}" parameter must be a string`, name);
    if (value !== '') params[name] = value;
  }
  const parsed = schema.safeParse(params);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const name = String(issue.path[0] ?? 'request');
  const description =
    issue.code === 'invalid_type' && issue.received === 'undefined'
      ? `The "${name}" parameter is required`
      : `The "${name}" parameter is invalid: ${issue.message}`;
  throw toError(description, name);
}
