import { Body, Controller, Delete, Get, HttpCode, Inject, Param, Patch, Post, Query } from '@nestjs/common';
import {
  REGISTRY_APPLICATION_CREATE,
  REGISTRY_APPLICATION_DELETE,
  REGISTRY_APPLICATION_GET,
  REGISTRY_APPLICATION_LIST,
  REGISTRY_APPLICATION_ROTATE_SECRET,
  REGISTRY_APPLICATION_UPDATE,
  type RequestOf,
  type ResponseOf,
  type Subject,
} from '@tessera/contracts';
import { RpcClient } from '@tessera/nats';
import { GATEWAY_CONFIG, type GatewayConfig } from '../../gateway.config';
import { AuthenticatedClients } from '../../oauth/client-auth/authenticated-clients';
import { AdminApi } from '../admin-api.decorator';
import { readAdminBody } from './admin-body';
import { readListQuery } from './list-query';
import { oauthApplicationFields } from './oauth-application.fields';
import { presentApplication, presentApplicationWithSecret } from './oauth-application.presenter';

/**
 * Clerk's Backend API for OAuth applications (/v1/oauth_applications). Checks the JSON, asks the client
 * registry, and answers Clerk's objects; the registry's rule violations come back as Clerk errors.
 */
@Controller('v1/oauth_applications')
@AdminApi()
export class OAuthApplicationsController {
  constructor(
    private readonly rpc: RpcClient,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    private readonly authenticated: AuthenticatedClients,
  ) {}

  @Post()
  @HttpCode(200)
  async create(@Body() body: unknown) {
    const input = readAdminBody(body, oauthApplicationFields, ['name']);
    const created = await this.rpc.send(REGISTRY_APPLICATION_CREATE, {
      name: input.name as string,
      redirectUris: input.redirect_uris,
      scopes: input.scopes,
      public: input.public,
      consentScreenEnabled: input.consent_screen_enabled,
      pkceRequired: input.pkce_required,
      accessTokenFormat: input.access_token_format as 'jwt' | 'opaque' | undefined,
    });
    return presentApplicationWithSecret(created, this.config.ISSUER);
  }

  @Get()
  async list(@Query() query: Record<string, unknown>) {
    const { data, totalCount } = await this.rpc.send(REGISTRY_APPLICATION_LIST, readListQuery(query));
    return {
      data: data.map((application) => presentApplication(application, this.config.ISSUER)),
      total_count: totalCount,
    };
  }

  @Get(':id')
  async get(@Param('id') id: string) {
    return presentApplication(await this.rpc.send(REGISTRY_APPLICATION_GET, { id }), this.config.ISSUER);
  }

  @Patch(':id')
  async update(@Param('id') id: string, @Body() body: unknown) {
    const input = readAdminBody(body, oauthApplicationFields);
    const updated = await this.changing(REGISTRY_APPLICATION_UPDATE, {
      id,
      name: input.name,
      redirectUris: input.redirect_uris,
      scopes: input.scopes,
      public: input.public,
      consentScreenEnabled: input.consent_screen_enabled,
      pkceRequired: input.pkce_required,
      accessTokenFormat: input.access_token_format as 'jwt' | 'opaque' | undefined,
    });
    return presentApplication(updated, this.config.ISSUER);
  }

  @Delete(':id')
  async delete(@Param('id') id: string) {
    const deleted = await this.changing(REGISTRY_APPLICATION_DELETE, { id });
    return { object: 'oauth_application', id: deleted.id, deleted: true };
  }

  @Post(':id/rotate_secret')
  @HttpCode(200)
  async rotateSecret(@Param('id') id: string) {
    return presentApplicationWithSecret(
      await this.changing(REGISTRY_APPLICATION_ROTATE_SECRET, { id }),
      this.config.ISSUER,
    );
  }

  /**
   * Sends a change of an application and forgets every authentication this gateway remembers, whatever the answer
   * (a change that timed out may still have happened): the next request of any client asks the registry again.
   * Other gateways forget on the change's event.
   */
  private async changing<S extends Subject>(subject: S, request: RequestOf<S>): Promise<ResponseOf<S>> {
    try {
      return await this.rpc.send(subject, request);
    } finally {
      this.authenticated.forgetAll();
    }
  }
}
