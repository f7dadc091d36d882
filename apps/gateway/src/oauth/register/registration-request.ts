import {
  CLIENT_NAME_MAX,
  CLIENT_SCOPE_MAX,
  CLIENT_URI_MAX,
  clientAuthMethodSchema,
  InvalidClientMetadataError,
  InvalidRedirectUriError,
  REDIRECT_URI_MAX,
  REDIRECT_URIS_MAX_COUNT,
  type ClientAuthMethod,
} from '@tessera/contracts';

/** The RFC 7591 §2 client metadata Tessera reads, with JSON types checked; rules are the registry's. */
export interface RegistrationMetadata {
  redirectUris: string[];
  tokenEndpointAuthMethod?: ClientAuthMethod;
  clientName?: string;
  clientUri?: string;
  logoUri?: string;
  scope?: string;
  grantTypes?: string[];
  responseTypes?: string[];
}

/**
 * Reads a registration request body (RFC 7591 §3.1). Members Tessera does not use are ignored (§2: "The
 * authorization server MUST ignore any client metadata sent by the client that it does not understand");
 * `null` counts as absent. A problem with `redirect_uris` is `invalid_redirect_uri`, any other
 * `invalid_client_metadata` (§3.2.2).
 */
export function readRegistrationMetadata(body: unknown): RegistrationMetadata {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new InvalidClientMetadataError('The request body must be a JSON object of client metadata');
  }
  const members = body as Record<string, unknown>;
  const method = optionalString(members, 'token_endpoint_auth_method', 64);
  if (method !== undefined && !clientAuthMethodSchema.safeParse(method).success) {
    throw new InvalidClientMetadataError(
      'token_endpoint_auth_method must be one of: client_secret_basic, client_secret_post, none',
    );
  }
  return {
    redirectUris: redirectUris(members.redirect_uris),
    tokenEndpointAuthMethod: method as ClientAuthMethod | undefined,
    clientName: optionalString(members, 'client_name', CLIENT_NAME_MAX),
    clientUri: optionalString(members, 'client_uri', CLIENT_URI_MAX),
    logoUri: optionalString(members, 'logo_uri', CLIENT_URI_MAX),
    scope: optionalString(members, 'scope', CLIENT_SCOPE_MAX),
    grantTypes: optionalStrings(members, 'grant_types'),
    responseTypes: optionalStrings(members, 'response_types'),
  };
}

function redirectUris(value: unknown): string[] {
  if (value === undefined || value === null) throw new InvalidRedirectUriError('redirect_uris is required');
  if (!Array.isArray(value) || value.some((uri) => typeof uri !== 'string')) {
    throw new InvalidRedirectUriError('redirect_uris must be an array of strings');
  }
  if (value.length > REDIRECT_URIS_MAX_COUNT) {
    throw new InvalidRedirectUriError(`redirect_uris must have at most ${REDIRECT_URIS_MAX_COUNT} entries`);
  }
  if (value.some((uri: string) => uri.length > REDIRECT_URI_MAX)) {
    throw new InvalidRedirectUriError(`redirect_uris entries must be at most ${REDIRECT_URI_MAX} characters`);
  }
  return value;
}

function optionalString(members: Record<string, unknown>, name: string, maxLength: number): string | undefined {
  const value = members[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new InvalidClientMetadataError(`${name} must be a string`);
  if (value.length > maxLength) throw new InvalidClientMetadataError(`${name} must be at most ${maxLength} characters`);
  return value;
}

function optionalStrings(members: Record<string, unknown>, name: string): string[] | undefined {
  const value = members[name];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string' || item.length > 256)) {
    throw new InvalidClientMetadataError(`${name} must be an array of strings`);
  }
  if (value.length > 20) throw new InvalidClientMetadataError(`${name} must have at most 20 entries`);
  return value;
}
