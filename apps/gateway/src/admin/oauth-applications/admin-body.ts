import {
  FormParamFormatInvalidError,
  FormParamMissingError,
  FormParamUnknownError,
  FormParamValueInvalidError,
  RequestBodyInvalidError,
} from '@tessera/contracts';

/** The JSON type and limits of one admin API body field. */
export type FieldSpec =
  | { type: 'string'; maxLength: number; notBlank?: boolean }
  | { type: 'boolean' }
  | { type: 'enum'; values: readonly string[] }
  | { type: 'string[]'; maxItems: number; maxLength: number };

type FieldValue<F extends FieldSpec> = F extends { type: 'boolean' }
  ? boolean
  : F extends { type: 'string[]' }
    ? string[]
    : string;

export type BodyOf<S extends Record<string, FieldSpec>> = { [K in keyof S]?: FieldValue<S[K]> };

/**
 * Reads an admin API JSON body against field specs, as Clerk's Backend API reports problems (422, the field in
 * `meta.param_name`): a required field absent → `form_param_missing`; a value of the wrong JSON type →
 * `form_param_format_invalid`; a value of the right type that breaks a limit (empty, too long, not one of the
 * allowed values) → `form_param_value_invalid`; a field the endpoint does not take → `form_param_unknown`.
 * `null` counts as absent. A body that is not a JSON object is `request_body_invalid` (400).
 */
export function readAdminBody<S extends Record<string, FieldSpec>>(
  body: unknown,
  specs: S,
  required: ReadonlyArray<keyof S & string> = [],
): BodyOf<S> {
  if (body === undefined || body === null) body = {};
  if (typeof body !== 'object' || Array.isArray(body)) {
    throw new RequestBodyInvalidError('The request body must be a JSON object');
  }
  const result: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(body as Record<string, unknown>)) {
    const spec = specs[name];
    if (!spec) throw new FormParamUnknownError(`${name} is not a valid parameter for this request`, { param: name });
    if (value !== null) result[name] = checkField(name, spec, value);
  }
  for (const name of required) {
    if (result[name] === undefined) throw new FormParamMissingError(`${name} must be included`, { param: name });
  }
  return result as BodyOf<S>;
}

function checkField(name: string, spec: FieldSpec, value: unknown): unknown {
  const format = (expected: string) => new FormParamFormatInvalidError(`${name} must be ${expected}`, { param: name });
  const invalid = (reason: string) => new FormParamValueInvalidError(`${name} ${reason}`, { param: name });
  switch (spec.type) {
    case 'boolean':
      if (typeof value !== 'boolean') throw format('a boolean');
      return value;
    case 'enum':
      if (typeof value !== 'string') throw format('a string');
      if (!spec.values.includes(value)) throw invalid(`must be one of: ${spec.values.join(', ')}`);
      return value;
    case 'string':
      if (typeof value !== 'string') throw format('a string');
      if (spec.notBlank && value.trim() === '') throw invalid('must not be blank');
      if (value.length > spec.maxLength) throw invalid(`must be at most ${spec.maxLength} characters`);
      return value;
    case 'string[]':
      if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) throw format('an array of strings');
      if (value.length > spec.maxItems) throw invalid(`must have at most ${spec.maxItems} entries`);
      if (value.some((item: string) => item.length > spec.maxLength)) {
        throw invalid(`entries must be at most ${spec.maxLength} characters`);
      }
      return value;
  }
}
