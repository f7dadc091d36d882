import { Module, type DynamicModule } from '@nestjs/common';
import { clientChangeListener } from '@tessera/events';
import type { Logger } from '@tessera/logging';
import { GATEWAY_LOGGER } from './gateway.logger';
import { NatsClientModule } from '@tessera/nats';
import { HealthModule } from '@tessera/health';
import { AdminAuthGuard } from './admin/admin-auth.guard';
import { AuditLogController } from './admin/audit-log/audit-log.controller';
import { OAuthConsentsController } from './admin/consents/oauth-consents.controller';
import { JwksRotationController } from './admin/jwks/jwks-rotation.controller';
import { OAuthApplicationsController } from './admin/oauth-applications/oauth-applications.controller';
import { OrganizationMembershipsController } from './admin/organizations/organization-memberships.controller';
import { OrganizationsController } from './admin/organizations/organizations.controller';
import { UsersController } from './admin/users/users.controller';
import { WebhooksController } from './admin/webhooks/webhooks.controller';
import { GATEWAY_CONFIG, type GatewayConfig } from './gateway.config';
import { AuthenticatedClients } from './oauth/client-auth/authenticated-clients';
import { ClientAuthenticator } from './oauth/client-auth/client-authenticator.service';
import { DiscoveryController } from './oauth/discovery/discovery.controller';
import { JwksCache } from './oauth/jwks/jwks-cache.service';
import { AuthorizeController } from './oauth/authorize/authorize.controller';
import { JwksController } from './oauth/jwks/jwks.controller';
import { AccountController } from './pages/account.controller';
import { AssetsController } from './pages/assets.controller';
import { InteractionPagesController } from './pages/interaction-pages.controller';
import { RegisterController } from './oauth/register/register.controller';
import { RevokeController } from './oauth/revoke/revoke.controller';
import { TokenController } from './oauth/token/token.controller';

@Module({})
export class GatewayModule {
  static register(config: GatewayConfig, logger: Logger): DynamicModule {
    return {
      module: GatewayModule,
      imports: [
        HealthModule,
        NatsClientModule.forRoot({
          url: config.NATS_URL,
          connectionName: 'gateway',
          requestTimeoutMs: config.NATS_REQUEST_TIMEOUT_MS,
          logger,
        }),
      ],
      controllers: [
        DiscoveryController,
        JwksController,
        OAuthApplicationsController,
        RegisterController,
        TokenController,
        RevokeController,
        JwksRotationController,
        UsersController,
        OrganizationsController,
        OrganizationMembershipsController,
        AuthorizeController,
        InteractionPagesController,
        AccountController,
        AssetsController,
        OAuthConsentsController,
        AuditLogController,
        WebhooksController,
      ],
      providers: [
        { provide: GATEWAY_CONFIG, useValue: config },
        JwksCache,
        AdminAuthGuard,
        ClientAuthenticator,
        { provide: AuthenticatedClients, useValue: new AuthenticatedClients() },
        clientChangeListener({
          cache: AuthenticatedClients,
          forget: (authenticated: AuthenticatedClients, clientId) => authenticated.forget(clientId),
          logger: GATEWAY_LOGGER,
        }),
        { provide: GATEWAY_LOGGER, useValue: logger },
      ],
    };
  }
}
