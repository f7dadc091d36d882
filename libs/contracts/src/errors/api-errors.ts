import { TesseraError } from './tessera-error';

/**
 * Errors of the admin API (/v1), named after Clerk's Backend API codes; the gateway renders them in Clerk's
 * envelope `{errors:[{message, long_message, code, meta:{param_name}}]}`. `title` (Clerk's `message`) is the short, fixed text of
 * each class; `description` becomes `long_message`.
 */
export abstract class ApiError extends TesseraError {
  abstract readonly title: string;
}

export class AuthenticationInvalidError extends ApiError {
  readonly code = 'authentication_invalid';
  readonly status = 401;
  readonly title = 'Unauthorized request';
}
export class ResourceNotFoundError extends ApiError {
  readonly code = 'resource_not_found';
  readonly status = 404;
  readonly title = 'not found';
}
export class RequestBodyInvalidError extends ApiError {
  readonly code = 'request_body_invalid';
  readonly status = 400;
  readonly title = 'Request body invalid';
}
export class FormParamMissingError extends ApiError {
  readonly code = 'form_param_missing';
  readonly status = 422;
  readonly title = 'missing required parameter';
}
export class FormParamFormatInvalidError extends ApiError {
  readonly code = 'form_param_format_invalid';
  readonly status = 422;
  readonly title = 'is invalid';
}
export class FormParamValueInvalidError extends ApiError {
  readonly code = 'form_param_value_invalid';
  readonly status = 422;
  readonly title = 'is invalid';
}
export class FormParamUnknownError extends ApiError {
  readonly code = 'form_param_unknown';
  readonly status = 422;
  readonly title = 'is unknown';
}
export class FormIdentifierExistsError extends ApiError {
  readonly code = 'form_identifier_exists';
  readonly status = 422;
  readonly title = 'That identifier is taken. Please try another.';
}
export class FormPasswordLengthTooShortError extends ApiError {
  readonly code = 'form_password_length_too_short';
  readonly status = 422;
  readonly title = 'Passwords must be 8 characters or more.';
}
export class FormPasswordIncorrectError extends ApiError {
  readonly code = 'form_password_incorrect';
  readonly status = 422;
  readonly title = 'Password is incorrect. Try again, or use another method.';
}
export class FormPasswordValidationFailedError extends ApiError {
  readonly code = 'form_password_validation_failed';
  readonly status = 422;
  readonly title = 'Password is not strong enough.';
}
/** Clerk's answer to adding a user to an organization they already belong to. */
export class AlreadyAMemberInOrganizationError extends ApiError {
  readonly code = 'already_a_member_in_organization';
  readonly status = 400;
  readonly title = 'already a member';
}
