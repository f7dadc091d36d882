import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { eventCatalog, type EventEnvelope, type EventType } from '@tessera/contracts';
import { startEventConsumer, type RunningConsumer } from '@tessera/events';
import type { Logger } from '@tessera/logging';
import { NATS_CONNECTION } from '@tessera/nats';
import type { NatsConnection } from 'nats';
import { z } from 'zod';
import { USERINFO_LOGGER } from '../userinfo.logger';
import { ProfileCache } from './profile-cache';

/**
 * Events after which a user's cached profiles may be wrong (a membership decides whether the org appears, and its
 * role is one of the org claims).
 */
const USER_EVENTS: readonly EventType[] = [
  'user.updated',
  'user.deleted',
  'membership.created',
  'membership.updated',
  'membership.deleted',
];
/** Events after which every profile bound to an organization may be wrong (its name or slug). */
const ORGANIZATION_EVENTS: readonly EventType[] = ['organization.updated', 'organization.deleted'];

const userRef = z.object({ userId: z.string() });
const organizationRef = z.object({ organizationId: z.string() });

/**
 * Keeps the profile cache honest: the accounts service announces every change to users, memberships and
 * organizations, and this consumer invalidates the profiles concerned. All replicas share one durable consumer
 * (and one Redis), so a replica that was down catches up from where the group stopped.
 */
@Injectable()
export class ProfileInvalidationConsumer implements OnApplicationBootstrap, OnModuleDestroy {
  private consumer?: RunningConsumer;

  constructor(
    @Inject(NATS_CONNECTION) private readonly connection: NatsConnection,
    private readonly cache: ProfileCache,
    @Inject(USERINFO_LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.consumer = await startEventConsumer({
      connection: this.connection,
      durableName: 'userinfo-profile-invalidation',
      filterSubjects: [...USER_EVENTS, ...ORGANIZATION_EVENTS].map((type) => eventCatalog[type].subject),
      handle: (event) => this.handle(event),
      logger: this.logger,
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.consumer?.stop();
  }

  /** Idempotent: invalidating twice only costs a cache miss. */
  async handle(event: EventEnvelope): Promise<void> {
    if (USER_EVENTS.includes(event.type as EventType)) {
      await this.cache.invalidateUser(userRef.parse(event.payload).userId);
    } else if (ORGANIZATION_EVENTS.includes(event.type as EventType)) {
      await this.cache.invalidateOrganization(organizationRef.parse(event.payload).organizationId);
    }
  }
}
