import { FormParamValueInvalidError } from '@tessera/contracts';
import { redirectUriProblem } from '../rules/redirect-uri.rules';
import { parseClientScopes } from '../rules/scope.rules';

/**
 * The admin API's rule checks on fields whose JSON shape the gateway has already checked. Violations are
 * `form_param_value_invalid` naming the admin API's field, as Clerk's Backend API does.
 */

export function applicationName(value: string): string {
  const name = value.trim();
  if (!name) throw new FormParamValueInvalidError('name must not be blank', { param: 'name' });
  return name;
}

/** Each URI checked (redirect-uri.rules.ts), repeats dropped, order kept. */
export function applicationRedirectUris(uris: readonly string[]): string[] {
  for (const uri of uris) {
    const problem = redirectUriProblem(uri);
    if (problem) {
      throw new FormParamValueInvalidError(`"${uri}" is not a valid redirect URI: ${problem}`, {
        param: 'redirect_uris',
      });
    }
  }
  return [...new Set(uris)];
}

export function applicationScopes(value: string): string[] {
  const parsed = parseClientScopes(value);
  if ('problem' in parsed) {
    throw new FormParamValueInvalidError(`scopes: ${parsed.problem}`, { param: 'scopes' });
  }
  return parsed.scopes;
}
