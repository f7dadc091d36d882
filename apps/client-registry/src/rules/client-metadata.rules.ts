/**
 * Rules for the RFC 7591 §2 metadata a dynamically registered client sends besides its redirect URIs. Each
 * returns a problem (a sentence for `invalid_client_metadata`) or the value to register.
 */

export type MetadataRule<T> = { value: T } | { problem: string };

/** The grant types Tessera implements; registering others would promise what the token endpoint refuses. */
export const SUPPORTED_GRANT_TYPES = ['authorization_code', 'refresh_token'] as const;
export const SUPPORTED_RESPONSE_TYPES = ['code'] as const;

/**
 * `client_uri` and `logo_uri` are shown to users on the consent page, so only http(s) URLs are accepted
 * (RFC 7591 §5: a URL the server will dereference or display must not be a `javascript:` trap).
 */
export function webUrlRule(member: string, value: string): MetadataRule<string> {
  let url: URL | undefined;
  try {
    url = new URL(value);
  } catch {
    url = undefined;
  }
  if (!url || !/^https?:\/\//i.test(value) || !['http:', 'https:'].includes(url.protocol)) {
    return { problem: `${member} must be an absolute http or https URL` };
  }
  if (url.username || url.password) return { problem: `${member} must not contain user credentials` };
  return { value };
}

/**
 * `grant_types` and `response_types` (RFC 7591 §2, defaults `authorization_code` and `code`): only what Tessera
 * implements, and consistent with each other (§2.1: `authorization_code` goes with `code`). Values are
 * de-duplicated in order.
 */
export function grantAndResponseTypesRule(
  grantTypes: readonly string[] | undefined,
  responseTypes: readonly string[] | undefined,
): MetadataRule<{ grantTypes: string[]; responseTypes: string[] }> {
  const grants = distinct(grantTypes ?? ['authorization_code']);
  const responses = distinct(responseTypes ?? ['code']);
  const unsupportedGrant = grants.find((grant) => !(SUPPORTED_GRANT_TYPES as readonly string[]).includes(grant));
  if (unsupportedGrant !== undefined) {
    return {
      problem: `grant_types: "${unsupportedGrant}" is not supported (supported: ${SUPPORTED_GRANT_TYPES.join(', ')})`,
    };
  }
  const unsupportedResponse = responses.find(
    (response) => !(SUPPORTED_RESPONSE_TYPES as readonly string[]).includes(response),
  );
  if (unsupportedResponse !== undefined) {
    return { problem: `response_types: "${unsupportedResponse}" is not supported (supported: code)` };
  }
  if (!grants.includes('authorization_code')) {
    return { problem: 'grant_types must include authorization_code, the only grant that starts a session' };
  }
  if (!responses.includes('code')) {
    return { problem: 'response_types must include code when grant_types includes authorization_code' };
  }
  return { value: { grantTypes: grants, responseTypes: responses } };
}

const distinct = (values: readonly string[]): string[] => [...new Set(values)];
