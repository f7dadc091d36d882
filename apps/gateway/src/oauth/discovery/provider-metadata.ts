import { SUPPORTED_SCOPES } from './scopes';

export interface MetadataInputs {
  issuer: string;
  /** The algorithms of the published signing keys, as the token service reports them in the JWKS. */
  signingAlgs: string[];
}

/**
 * The authorization server metadata (RFC 8414 §2) and, with it, the OpenID Provider metadata (OpenID Connect
 * Discovery §3). It lists exactly what Tessera implements: each endpoint is added here by the change that
 * implements it.
 */
export function buildProviderMetadata({ issuer, signingAlgs }: MetadataInputs): Record<string, unknown> {
  return {
    issuer,
    jwks_uri: `${issuer}/.well-known/jwks.json`,
    scopes_supported: [...SUPPORTED_SCOPES],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: signingAlgs,
    service_documentation: `${issuer}/docs`,
    ui_locales_supported: ['en'],
  };
}
