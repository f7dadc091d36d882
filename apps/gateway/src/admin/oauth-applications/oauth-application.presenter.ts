import { instanceIdFor, type ApplicationView, type ApplicationWithSecret } from '@tessera/contracts';

/**
 * Clerk's `OAuthApplication` object, built from the registry's view: scopes as one space-separated string,
 * timestamps in Unix milliseconds, and the endpoint URLs of this issuer.
 */
export function presentApplication(application: ApplicationView, issuer: string): Record<string, unknown> {
  return {
    object: 'oauth_application',
    id: application.id,
    instance_id: instanceIdFor(issuer),
    name: application.name,
    client_id: application.clientId,
    client_uri: application.clientUri,
    client_image_url: application.logoUri,
    public: application.public,
    scopes: application.scopes.join(' '),
    redirect_uris: application.redirectUris,
    consent_screen_enabled: application.consentScreenEnabled,
    pkce_required: application.pkceRequired,
    dynamically_registered: application.dynamicallyRegistered,
    access_token_format: application.accessTokenFormat,
    authorize_url: `${issuer}/oauth/authorize`,
    token_fetch_url: `${issuer}/oauth/token`,
    user_info_url: `${issuer}/oauth/userinfo`,
    discovery_url: `${issuer}/.well-known/openid-configuration`,
    token_introspection_url: `${issuer}/oauth/token_info`,
    created_at: application.createdAt,
    updated_at: application.updatedAt,
  };
}

/** `OAuthApplicationWithSecret`: the object plus `client_secret`, shown this once (absent for public clients). */
export function presentApplicationWithSecret(
  { application, clientSecret }: ApplicationWithSecret,
  issuer: string,
): Record<string, unknown> {
  return {
    ...presentApplication(application, issuer),
    ...(clientSecret !== undefined ? { client_secret: clientSecret } : {}),
  };
}
