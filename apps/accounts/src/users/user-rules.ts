import {
  FormParamFormatInvalidError,
  FormPasswordLengthTooShortError,
  FormPasswordValidationFailedError,
} from '@tessera/contracts';

/*
 * The rules a user's fields obey, whoever sends them (the admin API through the gateway, or a peer over NATS).
 * Each broken rule is a Clerk-style error naming the admin API parameter.
 */

export const PASSWORD_MIN_LENGTH = 8;

/**
 * An address as browsers accept it in <input type=email> (the WHATWG "valid e-mail address"), with a dot in the
 * domain, at most 254 characters (RFC 5321 §4.5.3.1.3 path limit) and a local part of at most 64 (§4.5.3.1.1).
 */
const EMAIL =
  /^[a-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/;

/** Clerk's username rule: 4–64 letters, digits, `_` or `-`. No `@`, so an identifier is never both kinds. */
const USERNAME = /^[a-z0-9_-]{4,64}$/;

/** Lower-cases and checks an email address. */
export function normalizeEmail(raw: string, param = 'email_address'): string {
  const email = raw.toLowerCase();
  if (email.length > 254 || !EMAIL.test(email)) {
    throw new FormParamFormatInvalidError(`${param} must be a valid email address`, { param });
  }
  return email;
}

/** `null` and `""` clear the username; otherwise lower-cased and checked. */
export function normalizeUsername(raw: string | null | undefined): string | null | undefined {
  if (raw === undefined) return undefined;
  if (raw === null || raw === '') return null;
  const username = raw.toLowerCase();
  if (!USERNAME.test(username)) {
    throw new FormParamFormatInvalidError(
      'username must be 4 to 64 characters long and contain only letters, digits, "_" and "-"',
      { param: 'username' },
    );
  }
  return username;
}

/** Optional text: `""` is stored as `null` so that claims are either present or absent, never empty. */
export function emptyToNull(value: string | null | undefined): string | null | undefined {
  return value === '' ? null : value;
}

/** An avatar must be an absolute http(s) URL (it becomes the `picture` claim). */
export function normalizeImageUrl(raw: string | null | undefined): string | null | undefined {
  const value = emptyToNull(raw);
  if (value === null || value === undefined) return value;
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || !['http:', 'https:'].includes(url.protocol)) {
    throw new FormParamFormatInvalidError('image_url must be an absolute http or https URL', {
      param: 'image_url',
    });
  }
  return value;
}

/**
 * The password policy: at least 8 characters, and not one of the user's own identifiers (an email address or the
 * username, compared case-insensitively). `skipChecks` is Clerk's `skip_password_checks`, meant for migrating
 * users whose existing passwords predate the policy.
 */
export function checkPassword(password: string, identifiers: Array<string | null>, skipChecks = false): void {
  if (skipChecks) return;
  if ([...password].length < PASSWORD_MIN_LENGTH) {
    throw new FormPasswordLengthTooShortError(`Passwords must be ${PASSWORD_MIN_LENGTH} characters or more.`, {
      param: 'password',
    });
  }
  const lowered = password.toLowerCase();
  if (identifiers.some((identifier) => identifier !== null && identifier.toLowerCase() === lowered)) {
    throw new FormPasswordValidationFailedError('The password must not be your email address or username.', {
      param: 'password',
    });
  }
}
