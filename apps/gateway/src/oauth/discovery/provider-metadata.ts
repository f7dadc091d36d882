import { SUPPORTED_SCOPES } from '@tessera/contracts';

/** The claims the ID token (and the JWT access token) may carry; the scopes decide which a token has. */
const TOKEN_CLAIMS = [
  'sub',
  'iss',
  'aud',
  'exp',
  'iat',
  'auth_time',
  'nonce',
  'at_hash',
  'azp',
  'jti',
  'given_name',
  'family_name',
  'name',
  'picture',
  'preferred_username',
  'username',
  'email',
  'email_verified',
  'public_metadata',
  'unsafe_metadata',
  'private_metadata',
  'org_id',
] as const;

/** Claims only the userinfo answer carries (beside org_id, with `user:org:read`). */
const USERINFO_ONLY_CLAIMS = ['org_name', 'org_slug'] as const;

export interface MetadataInputs {
  issuer: string;
  /** The algorithms of the published signing keys, as the token service reports them in the JWKS. */
  signingAlgs: string[];
  /** DYNAMIC_CLIENT_REGISTRATION: advertise /oauth/register (RFC 8414 §2 `registration_endpoint`). */
  dynamicClientRegistration: boolean;
}

/**
 * The authorization server metadata (RFC 8414 §2) and, with it, the OpenID Provider metadata (OpenID Connect
 * Discovery §3). It lists exactly what Tessera implements: each endpoint is added here by the change that
 * implements it.
 */
export function buildProviderMetadata({
  issuer,
  signingAlgs,
  dynamicClientRegistration,
}: MetadataInputs): Record<string, unknown> {
  return {
    issuer,
    jwks_uri: `${issuer}/.well-known/jwks.json`,
    authorization_endpoint: `${issuer}/oauth/authorize`,
    response_types_supported: ['code'],
    response_modes_supported: ['query', 'form_post'],
    prompt_values_supported: ['none', 'login', 'consent'],
    // RFC 9207 §3: every authorization response, success or error, carries `iss`.
    authorization_response_iss_parameter_supported: true,
    claims_parameter_supported: false,
    request_parameter_supported: false,
    // OpenID Connect Discovery §3: an omitted request_uri_parameter_supported means true, so say false.
    request_uri_parameter_supported: false,
    token_endpoint: `${issuer}/oauth/token`,
    revocation_endpoint: `${issuer}/oauth/token/revoke`,
    revocation_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
    userinfo_endpoint: `${issuer}/oauth/userinfo`,
    // Clerk's path for RFC 7662 introspection; only confidential clients may introspect.
    introspection_endpoint: `${issuer}/oauth/token_info`,
    introspection_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
    grant_types_supported: ['authorization_code', 'refresh_token'],
    code_challenge_methods_supported: ['S256'],
    ...(dynamicClientRegistration ? { registration_endpoint: `${issuer}/oauth/register` } : {}),
    scopes_supported: [...SUPPORTED_SCOPES],
    // Clerk accepts client_secret_post without advertising it; Tessera advertises everything it accepts.
    token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post', 'none'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: signingAlgs,
    claims_supported: [...TOKEN_CLAIMS, ...USERINFO_ONLY_CLAIMS],
    service_documentation: `${issuer}/docs`,
    ui_locales_supported: ['en'],
  };
}
