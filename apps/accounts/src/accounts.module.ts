import { Module, type DynamicModule } from '@nestjs/common';
import { DatabaseModule, type EntityClass } from '@tessera/database';
import { EventsModule } from '@tessera/events';
import type { Logger } from '@tessera/logging';
import { ServiceCoreModule } from '@tessera/service-kit';
import { ACCOUNTS_CONFIG, type AccountsConfig } from './accounts.config';
import { ACCOUNTS_LOGGER } from './accounts.logger';
import { AuditLogController } from './audit-log/audit-log.controller';
import { AuditLogRepository } from './audit-log/audit-log.repository';
import { CatalogEventsConsumer } from './events/catalog-events.consumer';
import { CredentialsController } from './credentials/credentials.controller';
import { CredentialsService } from './credentials/credentials.service';
import { MembershipEntity } from './memberships/membership.entity';
import { MembershipService } from './memberships/membership.service';
import { MembershipsController } from './memberships/memberships.controller';
import { accountsMigrations } from './migrations';
import { RelayLagMetric } from './observability/relay-lag.metric';
import { OrganizationEntity } from './organizations/organization.entity';
import { OrganizationService } from './organizations/organization.service';
import { OrganizationsController } from './organizations/organizations.controller';
import { PasswordHasher } from './passwords/password-hasher';
import { UserPasswordService } from './passwords/user-password.service';
import { ProfileService } from './profiles/profile.service';
import { ProfilesController } from './profiles/profiles.controller';
import { EmailAddressEntity } from './users/email-address.entity';
import { UserEntity } from './users/user.entity';
import { UserService } from './users/user.service';
import { UsersController } from './users/users.controller';
import { WebhookDeliveriesRepository } from './webhooks/webhook-deliveries.repository';
import { WebhookDeliveryWorker } from './webhooks/webhook-delivery.worker';
import { WebhookEndpointsService } from './webhooks/webhook-endpoints.service';
import { WebhooksController } from './webhooks/webhooks.controller';

export const ACCOUNTS_SCHEMA = 'accounts';

export const accountsEntities: EntityClass[] = [UserEntity, EmailAddressEntity, OrganizationEntity, MembershipEntity];

@Module({})
export class AccountsModule {
  static register(config: AccountsConfig, logger: Logger): DynamicModule {
    return {
      module: AccountsModule,
      imports: [
        ServiceCoreModule.forService({
          service: 'accounts',
          natsUrl: config.NATS_URL,
          requestTimeoutMs: config.NATS_REQUEST_TIMEOUT_MS,
          logger,
        }),
        DatabaseModule.forService({
          url: config.DATABASE_URL,
          schema: ACCOUNTS_SCHEMA,
          entities: accountsEntities,
          migrations: accountsMigrations,
          poolSize: config.DATABASE_POOL_SIZE,
          runMigrations: config.MIGRATIONS_RUN_AT_START,
        }),
        EventsModule.forService({ schema: ACCOUNTS_SCHEMA, logger }),
      ],
      controllers: [
        ProfilesController,
        CredentialsController,
        UsersController,
        OrganizationsController,
        MembershipsController,
        AuditLogController,
        WebhooksController,
      ],
      providers: [
        { provide: ACCOUNTS_CONFIG, useValue: config },
        { provide: ACCOUNTS_LOGGER, useValue: logger },
        RelayLagMetric,
        PasswordHasher,
        UserPasswordService,
        CredentialsService,
        ProfileService,
        UserService,
        OrganizationService,
        MembershipService,
        AuditLogRepository,
        WebhookEndpointsService,
        WebhookDeliveriesRepository,
        WebhookDeliveryWorker,
        CatalogEventsConsumer,
      ],
    };
  }
}
