import { z } from 'zod';
import * as api from './api-errors';
import * as oauth from './oauth-errors';
import { TesseraError } from './tessera-error';

/** The one shape an error takes on the wire between services: code, safe description, HTTP status. */
export const errorEnvelopeSchema = z.object({
  error: z.string(),
  error_description: z.string(),
  status: z.number().int(),
  param: z.string().optional(),
});
export type ErrorEnvelope = z.infer<typeof errorEnvelopeSchema>;

type ErrorClass = new (description: string, options?: { param?: string }) => TesseraError;

/** Every concrete error class, keyed by its wire code, so a caller gets back the very class that was thrown. */
const classesByCode: ReadonlyMap<string, ErrorClass> = new Map(
  ([...Object.values(oauth), ...Object.values(api)] as unknown[])
    .filter((value): value is ErrorClass => typeof value === 'function' && value.prototype instanceof TesseraError)
    .flatMap((errorClass) => {
      // Abstract bases (OAuthError, ApiError) construct fine in JS but have no code of their own.
      const { code } = new errorClass('');
      return typeof code === 'string' ? [[code, errorClass] as const] : [];
    }),
);

export function toErrorEnvelope(error: TesseraError): ErrorEnvelope {
  return {
    error: error.code,
    error_description: error.description,
    status: error.status,
    ...(error.param ? { param: error.param } : {}),
  };
}

export function isErrorEnvelope(value: unknown): value is ErrorEnvelope {
  return errorEnvelopeSchema.safeParse(value).success;
}

/** Rebuilds the typed error a service threw; an unknown code (a newer service) becomes a server_error. */
export function fromErrorEnvelope(envelope: ErrorEnvelope): TesseraError {
  const errorClass = classesByCode.get(envelope.error);
  if (!errorClass) {
    return new oauth.ServerError('The server encountered an unexpected condition', { detail: envelope });
  }
  return new errorClass(envelope.error_description, { param: envelope.param });
}
