import type { AuthorizeParamName, AuthorizeParams } from '@tessera/contracts';

/** The /oauth/authorize parameters Tessera reads, by wire name. Anything else is ignored (OIDC Core §3.1.2.1). */
const WIRE_NAMES: Record<string, AuthorizeParamName> = {
  response_type: 'responseType',
  client_id: 'clientId',
  redirect_uri: 'redirectUri',
  scope: 'scope',
  state: 'state',
  nonce: 'nonce',
  code_challenge: 'codeChallenge',
  code_challenge_method: 'codeChallengeMethod',
  prompt: 'prompt',
  max_age: 'maxAge',
  login_hint: 'loginHint',
  id_token_hint: 'idTokenHint',
  response_mode: 'responseMode',
  request: 'request',
  request_uri: 'requestUri',
};

/**
 * Reads the query string (GET) or form body (POST) as the authorize service expects it: known parameters,
 * camelCased; empty values as omitted (RFC 6749 §3.1); repeated ones left out and named in `repeated`, because
 * whether a repetition is shown as a page or sent to the client depends on the client, which only the service
 * checks.
 */
export function readAuthorizeParams(input: unknown): { params: AuthorizeParams; repeated: string[] } {
  const raw = input && typeof input === 'object' ? (input as Record<string, unknown>) : {};
  const params: AuthorizeParams = {};
  const repeated: string[] = [];
  for (const [wireName, name] of Object.entries(WIRE_NAMES)) {
    const value = raw[wireName];
    if (Array.isArray(value)) repeated.push(wireName);
    else if (typeof value === 'string' && value !== '') params[name] = value;
  }
  return { params, repeated };
}
