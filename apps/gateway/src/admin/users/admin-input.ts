import {
  FormParamFormatInvalidError,
  FormParamMissingError,
  FormParamUnknownError,
  FormParamValueInvalidError,
  RequestBodyInvalidError,
  ResourceNotFoundError,
  type ApiError,
} from '@tessera/contracts';
import type { z, ZodIssue } from 'zod';

/**
 * Admin API input (a JSON body or a query string) read against the contract schema of the message it becomes.
 * Parameters are Clerk's snake_case names; contract fields are their camelCase forms, or a rename (Clerk's
 * `email_address` list is the contract's `emailAddresses`). The first problem becomes Clerk's 422 error for it
 * with `meta.param_name`: missing (`form_param_missing`), wrong type (`form_param_format_invalid`), out of
 * range (`form_param_value_invalid`) or not a parameter at all (`form_param_unknown`). The service applies the
 * rules that need more than the types (formats, uniqueness, sizes) and answers in the same terms.
 */
export function readAdminInput<S extends z.ZodTypeAny>(
  input: Record<string, unknown>,
  schema: S,
  renames: Readonly<Record<string, string>> = {},
): z.output<S> {
  const fields: Record<string, unknown> = {};
  for (const [param, value] of Object.entries(input)) {
    if (!/^[a-z][a-z0-9_]*$/.test(param)) {
      throw new FormParamUnknownError(`${param} is not a valid parameter for this request`, { param });
    }
    const field = renames[param] ?? camelCase(param);
    // `email_addresses` would otherwise reach the field that only `email_address` names.
    if (!renames[param] && Object.values(renames).includes(field)) {
      throw new FormParamUnknownError(`${param} is not a valid parameter for this request`, { param });
    }
    fields[field] = value;
  }
  const parsed = schema.safeParse(fields);
  if (parsed.success) return parsed.data;
  const paramOf = (field: string | number) =>
    Object.entries(renames).find(([, renamed]) => renamed === field)?.[0] ?? snakeCase(String(field));
  throw formError(parsed.error.issues[0], paramOf);
}

/** A JSON body as a parameter map: no body means no parameters; anything but an object is refused. */
export function bodyParams(body: unknown): Record<string, unknown> {
  if (body === undefined || body === null) return {};
  if (typeof body !== 'object' || Array.isArray(body)) {
    throw new RequestBodyInvalidError('The request body must be a JSON object');
  }
  return body as Record<string, unknown>;
}

/**
 * A query string as a parameter map: `limit`/`offset` become numbers when they are digits, and list parameters
 * (`email_address=a&email_address=b`, also spelled `email_address[]`) always become arrays.
 */
export function queryParams(query: unknown, lists: readonly string[] = []): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  for (const [rawName, value] of Object.entries((query ?? {}) as Record<string, unknown>)) {
    const name = rawName.endsWith('[]') ? rawName.slice(0, -2) : rawName;
    if (lists.includes(name)) {
      params[name] = [...((params[name] as unknown[]) ?? []), ...(Array.isArray(value) ? value : [value])];
    } else if (Array.isArray(value)) {
      throw new FormParamValueInvalidError(`${name} must not be repeated`, { param: name });
    } else {
      params[name] =
        (name === 'limit' || name === 'offset') && /^-?\d{1,9}$/.test(String(value)) ? Number(value) : value;
    }
  }
  return params;
}

/** An id from the path; one longer than any id we mint cannot exist. */
export function pathId(id: string): string {
  if (id.length > 64) throw new ResourceNotFoundError('Resource not found');
  return id;
}

const camelCase = (snake: string) => snake.replace(/_([a-z0-9])/g, (_, char: string) => char.toUpperCase());
const snakeCase = (camel: string) => camel.replace(/[A-Z]/g, (char) => `_${char.toLowerCase()}`);

const typeNames: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  integer: 'an integer',
  boolean: 'a boolean',
  array: 'an array',
  object: 'an object',
};

function formError(issue: ZodIssue, paramOf: (field: string | number) => string): ApiError {
  const param = paramOf(issue.path[0] ?? 'request');
  // Where in the parameter the problem is: `email_address[1]`, `public_metadata`.
  const where =
    param +
    issue.path
      .slice(1)
      .map((part) => (typeof part === 'number' ? `[${part}]` : `.${part}`))
      .join('');
  switch (issue.code) {
    case 'unrecognized_keys': {
      const unknown = paramOf(issue.keys[0]);
      return new FormParamUnknownError(`${unknown} is not a valid parameter for this request`, { param: unknown });
    }
    case 'invalid_type':
      if (issue.received === 'undefined') return new FormParamMissingError(`${where} must be included`, { param });
      return new FormParamFormatInvalidError(`${where} must be ${typeNames[issue.expected] ?? issue.expected}`, {
        param,
      });
    case 'too_small':
      return new FormParamValueInvalidError(`${where} ${sizeRule('at least', issue.type, issue.minimum)}`, { param });
    case 'too_big':
      return new FormParamValueInvalidError(`${where} ${sizeRule('at most', issue.type, issue.maximum)}`, { param });
    case 'invalid_enum_value':
      return new FormParamValueInvalidError(`${where} must be one of: ${issue.options.join(', ')}`, { param });
    case 'invalid_literal':
    case 'invalid_union':
      return new FormParamFormatInvalidError(`${where} is invalid`, { param });
    default:
      return new FormParamValueInvalidError(`${where} is invalid`, { param });
  }
}

function sizeRule(bound: string, type: string, limit: number | bigint): string {
  const plural = Number(limit) === 1 ? '' : 's';
  if (type === 'string') return `must be ${bound} ${limit} character${plural} long`;
  if (type === 'array') return `must contain ${bound} ${limit} item${plural}`;
  return `must be ${bound} ${limit}`;
}
