import { TesseraError } from './tessera-error';

/** An error code from an OAuth 2.0 or OpenID Connect specification; one class per code below. */
export abstract class OAuthError extends TesseraError {}

// RFC 6749 §4.1.2.1 and §5.2
export class InvalidRequestError extends OAuthError {
  readonly code = 'invalid_request';
  readonly status = 400;
}
/** RFC 6749 §5.2: 401, and the gateway adds `WWW-Authenticate` for the scheme the client tried. */
export class InvalidClientError extends OAuthError {
  readonly code = 'invalid_client';
  readonly status = 401;
}
export class InvalidGrantError extends OAuthError {
  readonly code = 'invalid_grant';
  readonly status = 400;
}
export class UnauthorizedClientError extends OAuthError {
  readonly code = 'unauthorized_client';
  readonly status = 400;
}
export class UnsupportedGrantTypeError extends OAuthError {
  readonly code = 'unsupported_grant_type';
  readonly status = 400;
}
export class InvalidScopeError extends OAuthError {
  readonly code = 'invalid_scope';
  readonly status = 400;
}
export class AccessDeniedError extends OAuthError {
  readonly code = 'access_denied';
  readonly status = 403;
}
export class UnsupportedResponseTypeError extends OAuthError {
  readonly code = 'unsupported_response_type';
  readonly status = 400;
}
export class ServerError extends OAuthError {
  readonly code = 'server_error';
  readonly status = 500;
}
export class TemporarilyUnavailableError extends OAuthError {
  readonly code = 'temporarily_unavailable';
  readonly status = 503;
}

// RFC 6750 §3.1
export class InvalidTokenError extends OAuthError {
  readonly code = 'invalid_token';
  readonly status = 401;
}
export class InsufficientScopeError extends OAuthError {
  readonly code = 'insufficient_scope';
  readonly status = 403;
}

// RFC 7009 §2.2.1
export class UnsupportedTokenTypeError extends OAuthError {
  readonly code = 'unsupported_token_type';
  readonly status = 400;
}

// RFC 7591 §3.2.2
export class InvalidRedirectUriError extends OAuthError {
  readonly code = 'invalid_redirect_uri';
  readonly status = 400;
}
export class InvalidClientMetadataError extends OAuthError {
  readonly code = 'invalid_client_metadata';
  readonly status = 400;
}
export class InvalidSoftwareStatementError extends OAuthError {
  readonly code = 'invalid_software_statement';
  readonly status = 400;
}
export class UnapprovedSoftwareStatementError extends OAuthError {
  readonly code = 'unapproved_software_statement';
  readonly status = 400;
}

// OpenID Connect Core §3.1.2.6 (sent to the client's redirect_uri)
export class InteractionRequiredError extends OAuthError {
  readonly code = 'interaction_required';
  readonly status = 400;
}
export class LoginRequiredError extends OAuthError {
  readonly code = 'login_required';
  readonly status = 400;
}
export class ConsentRequiredError extends OAuthError {
  readonly code = 'consent_required';
  readonly status = 400;
}
export class AccountSelectionRequiredError extends OAuthError {
  readonly code = 'account_selection_required';
  readonly status = 400;
}
export class RequestNotSupportedError extends OAuthError {
  readonly code = 'request_not_supported';
  readonly status = 400;
}
export class RequestUriNotSupportedError extends OAuthError {
  readonly code = 'request_uri_not_supported';
  readonly status = 400;
}
export class RegistrationNotSupportedError extends OAuthError {
  readonly code = 'registration_not_supported';
  readonly status = 400;
}

/** Rate limits (RFC 6585 §4); not an RFC 6749 code, but clients handle it the same way. */
export class SlowDownError extends OAuthError {
  readonly code = 'slow_down';
  readonly status = 429;
}

/** Routes that do not exist; the gateway answers them as JSON like every other error. */
export class NotFoundError extends OAuthError {
  readonly code = 'not_found';
  readonly status = 404;
}
