/** Clerk's short `message` for each admin error code Tessera answers on /v1. */
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
