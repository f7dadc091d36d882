import { e2e } from '../support/e2e-env';

/** Clerk's short `message` for each admin error code Tessera answers on /v1/users and /v1/organizations. */
const titles = {
  authentication_invalid: 'Unauthorized request',
  resource_not_found: 'not found',
  request_body_invalid: 'Request body invalid',
  form_param_missing: 'missing required parameter',
  form_param_format_invalid: 'is invalid',
  form_param_value_invalid: 'is invalid',
  form_param_unknown: 'is unknown',
  form_identifier_exists: 'That identifier is taken. Please try another.',
  form_password_length_too_short: 'Passwords must be 8 characters or more.',
  form_password_incorrect: 'Password is incorrect. Try again, or use another method.',
  form_password_validation_failed: 'Password is not strong enough.',
  already_a_member_in_organization: 'already a member',
} as const;

/** The exact body of a Clerk-envelope error. */
export function clerkError(code: keyof typeof titles, longMessage: string, paramName?: string) {
  return {
    errors: [
      {
        message: titles[code],
        long_message: longMessage,
        code,
        meta: paramName ? { param_name: paramName } : {},
      },
    ],
  };
}

/** Status and body of a response, for one exact assertion. */
export async function answer(response: Response): Promise<{ status: number; body: unknown }> {
  const text = await response.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // not JSON: keep the text so that the assertion shows it
  }
  return { status: response.status, body };
}

let counter = 0;
/** A fresh email address per call, so that test files and reruns never collide. */
export const freshEmail = (name = 'user') =>
  `${name}.${Date.now().toString(36)}${(++counter).toString(36)}@example.com`.toLowerCase();

/**
 * DELETE on the admin API without a body, hence without a JSON content type: Fastify refuses an empty body
 * declared as JSON (400) before any route runs.
 */
export const adminDelete = (path: string) =>
  fetch(`${e2e.issuer}${path}`, { method: 'DELETE', headers: { authorization: `Bearer ${e2e.adminKey}` } });
