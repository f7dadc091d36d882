import { Injectable } from '@nestjs/common';
import {
  clientActor,
  InvalidClientMetadataError,
  InvalidRedirectUriError,
  SUPPORTED_SCOPES,
  type RegisteredClient,
  type ValidRequestOf,
} from '@tessera/contracts';
import { toClientView } from '../applications/application-view';
import { ApplicationsService } from '../applications/applications.service';
import { newClientId } from '../applications/client-secret';
import { grantAndResponseTypesRule, webUrlRule, type MetadataRule } from '../rules/client-metadata.rules';
import { redirectUriProblem } from '../rules/redirect-uri.rules';
import { parseClientScopes } from '../rules/scope.rules';
import { RegistrationRateLimiter } from './registration-rate-limiter';

/**
 * Dynamic Client Registration (RFC 7591 §3). A registered client is an OAuth application with
 * `dynamically_registered: true` and the consent screen forced on. Without `scope` it may hold every scope a
 * client may hold — everything discovery advertises — so that a client asking for what is advertised is never
 * refused (the Clerk reference, §6.1). `none` makes a public client (no secret; PKCE required).
 */
@Injectable()
export class RegistrationService {
  constructor(
    private readonly applications: ApplicationsService,
    private readonly rateLimiter: RegistrationRateLimiter,
  ) {}

  async register(input: ValidRequestOf<'registry.client.register.v1'>): Promise<RegisteredClient> {
    const redirectUris = registeredRedirectUris(input.redirectUris);
    const scopes = registeredScopes(input.scope);
    const { grantTypes, responseTypes } = metadata(grantAndResponseTypesRule(input.grantTypes, input.responseTypes));
    const clientUri = input.clientUri === undefined ? null : metadata(webUrlRule('client_uri', input.clientUri));
    const logoUri = input.logoUri === undefined ? null : metadata(webUrlRule('logo_uri', input.logoUri));
    const isPublic = input.tokenEndpointAuthMethod === 'none';

    // Only well-formed registrations count against the address's allowance: refusals cost nothing to store.
    await this.rateLimiter.consume(input.sourceAddress);
    const clientId = newClientId();
    const { entity, clientSecret } = await this.applications.insert(
      {
        clientId,
        // Clerk names a client registered without a name after its client_id.
        name: input.clientName?.trim() || clientId,
        public: isPublic,
        scopes,
        redirectUris,
        consentScreenEnabled: true,
        pkceRequired: false,
        dynamicallyRegistered: true,
        accessTokenFormat: 'jwt',
        clientUri,
        logoUri,
      },
      // Nobody signed in: the client registered itself, so it is the actor of its creation.
      clientActor(clientId),
    );
    return {
      client: toClientView(entity),
      ...(clientSecret ? { clientSecret } : {}),
      clientIdIssuedAt: Math.floor(entity.createdAt.getTime() / 1000),
      tokenEndpointAuthMethod: input.tokenEndpointAuthMethod,
      grantTypes,
      responseTypes,
    };
  }
}

function registeredRedirectUris(uris: readonly string[]): string[] {
  if (uris.length === 0) throw new InvalidRedirectUriError('At least one redirect URI is required');
  for (const uri of uris) {
    const problem = redirectUriProblem(uri);
    if (problem) throw new InvalidRedirectUriError(`"${uri}" is not a valid redirect URI: ${problem}`);
  }
  return [...new Set(uris)];
}

function registeredScopes(scope: string | undefined): string[] {
  if (scope === undefined || scope.trim() === '') return [...SUPPORTED_SCOPES];
  const parsed = parseClientScopes(scope);
  if ('problem' in parsed) throw new InvalidClientMetadataError(`scope: ${parsed.problem}`);
  return parsed.scopes;
}

function metadata<T>(rule: MetadataRule<T>): T {
  if ('problem' in rule) throw new InvalidClientMetadataError(rule.problem);
  return rule.value;
}
