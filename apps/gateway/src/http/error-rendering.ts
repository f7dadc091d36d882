import {
  ApiError,
  InvalidTokenError,
  RequestBodyInvalidError,
  ResourceNotFoundError,
  TesseraError,
} from '@tessera/contracts';
import type { FastifyReply } from 'fastify';

/**
 * RFC 6750 §3.1: a request to a protected resource that carries no access token at all. "If the request lacks any
 * authentication information …, the resource server SHOULD NOT include an error code or other error
 * information": 401 with a bare `Bearer realm` challenge and no body. (An invalid_token to the type system, so
 * logs and metrics count it as one.)
 */
export class BearerTokenMissingError extends InvalidTokenError {}

/**
 * How an error looks on the wire, by kind of endpoint. OAuth endpoints answer RFC 6749 §5.2 JSON
 * (`error`, `error_description`); the admin API answers Clerk's envelope.
 */
export type ErrorRenderer = (error: TesseraError, reply: FastifyReply, issuer: string) => void;

export const renderOAuthError: ErrorRenderer = (error, reply, issuer) => {
  const challenge = challengeFor(error, issuer);
  if (challenge) reply.header('www-authenticate', challenge);
  reply.status(error.status).header('cache-control', 'no-store').header('pragma', 'no-cache');
  if (error instanceof BearerTokenMissingError) {
    reply.send();
    return;
  }
  reply.type('application/json; charset=utf-8').send({ error: error.code, error_description: error.description });
};

export const renderAdminError: ErrorRenderer = (rawError, reply) => {
  const error = asClerkError(rawError);
  reply
    .status(error.status)
    .header('cache-control', 'no-store')
    .type('application/json; charset=utf-8')
    .send({
      errors: [
        {
          message: error instanceof ApiError ? error.title : error.code.replace(/_/g, ' '),
          long_message: error.description,
          code: error.code,
          meta: error.param ? { param_name: error.param } : {},
        },
      ],
    });
};

/**
 * The admin API speaks Clerk's codes: a body the framework could not read is `request_body_invalid` (keeping
 * its status, e.g. 413) and an unknown /v1 route is `resource_not_found`.
 */
function asClerkError(error: TesseraError): TesseraError {
  if (error.code === 'invalid_request') {
    return Object.assign(new RequestBodyInvalidError(error.description, { param: error.param }), {
      status: error.status,
    });
  }
  if (error.code === 'not_found') return new ResourceNotFoundError(error.description);
  return error;
}

/** RFC 6749 §5.2 (invalid_client → Basic) and RFC 6750 §3 (token errors → Bearer) challenges. */
function challengeFor(error: TesseraError, issuer: string): string | undefined {
  const realm = `realm="${issuer}"`;
  if (error instanceof BearerTokenMissingError) return `Bearer ${realm}`;
  if (error.code === 'invalid_client') return `Basic ${realm}`;
  if (error.code === 'invalid_token' || error.code === 'insufficient_scope') {
    return `Bearer ${realm}, error="${error.code}", error_description="${error.description.replace(/["\\]/g, "'")}"`;
  }
  return undefined;
}
