import { Module, type DynamicModule } from '@nestjs/common';
import { DatabaseModule, type EntityClass } from '@tessera/database';
import { clientChangeListener, EventsModule } from '@tessera/events';
import type { Logger } from '@tessera/logging';
import { RedisModule } from '@tessera/redis';
import { ServiceCoreModule } from '@tessera/service-kit';
import { AuthorizeController } from './authorize-request/authorize.controller';
import { AuthorizeService } from './authorize-request/authorize.service';
import { ClientCheck } from './authorize-request/client-check';
import { RememberedChecks } from './authorize-request/remembered-checks';
import { AUTHORIZE_CONFIG, type AuthorizeConfig } from './authorize.config';
import { AUTHORIZE_LOGGER } from './authorize.logger';
import { AuthorizedAppsService } from './consents/authorized-apps.service';
import { ConsentCache } from './consents/consent-cache';
import { ConsentController } from './consents/consent.controller';
import { ConsentRepository } from './consents/consent.repository';
import { ConsentService } from './consents/consent.service';
import { OrganizationDirectory } from './consents/organization-directory';
import { DeletionCascade } from './deletions/deletion-cascade.service';
import { DeletionEventsConsumer } from './deletions/deletion-events.consumer';
import { AuthorizationFlow } from './flow/authorization-flow.service';
import { CodeIssuer } from './flow/code-issuer';
import { InteractionController } from './interactions/interaction.controller';
import { InteractionService } from './interactions/interaction.service';
import { InteractionStore } from './interactions/interaction.store';
import { authorizeMigrations } from './migrations';
import { IdTokenHintVerifier } from './sessions/id-token-hint.verifier';
import { SessionController } from './sessions/session.controller';
import { SessionStore } from './sessions/session.store';
import { SignInThrottle } from './sign-in/sign-in-throttle';
import { SignInService } from './sign-in/sign-in.service';

export const AUTHORIZE_SCHEMA = 'authorize';

/** Consents are read and written with hand-written SQL (ConsentRepository); no TypeORM entities. */
export const authorizeEntities: EntityClass[] = [];

@Module({})
export class AuthorizeModule {
  static register(config: AuthorizeConfig, logger: Logger): DynamicModule {
    return {
      module: AuthorizeModule,
      imports: [
        ServiceCoreModule.forService({
          service: 'authorize',
          natsUrl: config.NATS_URL,
          requestTimeoutMs: config.NATS_REQUEST_TIMEOUT_MS,
          logger,
        }),
        DatabaseModule.forService({
          url: config.DATABASE_URL,
          schema: AUTHORIZE_SCHEMA,
          entities: authorizeEntities,
          migrations: authorizeMigrations,
          poolSize: config.DATABASE_POOL_SIZE,
          runMigrations: config.MIGRATIONS_RUN_AT_START,
        }),
        RedisModule.forService({
          url: config.REDIS_URL,
          namespace: config.REDIS_NAMESPACE,
          owner: 'authorize',
        }),
        EventsModule.forService({ schema: AUTHORIZE_SCHEMA, logger }),
      ],
      controllers: [AuthorizeController, InteractionController, SessionController, ConsentController],
      providers: [
        { provide: AUTHORIZE_CONFIG, useValue: config },
        { provide: AUTHORIZE_LOGGER, useValue: logger },
        AuthorizeService,
        ClientCheck,
        { provide: RememberedChecks, useValue: new RememberedChecks() },
        clientChangeListener({
          cache: RememberedChecks,
          forget: (checks: RememberedChecks, clientId) => checks.forget(clientId),
          logger: AUTHORIZE_LOGGER,
        }),
        AuthorizationFlow,
        CodeIssuer,
        InteractionService,
        InteractionStore,
        SessionStore,
        IdTokenHintVerifier,
        SignInService,
        SignInThrottle,
        ConsentCache,
        ConsentRepository,
        ConsentService,
        AuthorizedAppsService,
        OrganizationDirectory,
        DeletionCascade,
        DeletionEventsConsumer,
      ],
    };
  }
}
