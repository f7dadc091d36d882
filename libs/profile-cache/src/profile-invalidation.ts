import { eventCatalog, type EventEnvelope, type EventType } from '@tessera/contracts';
import { startEventConsumer, type RunningConsumer } from '@tessera/events';
import type { Logger } from '@tessera/logging';
import type { NatsConnection } from 'nats';
import { z } from 'zod';
import type { ProfileCache } from './profile-cache';

/**
 * Events after which a user's cached profiles may be wrong (a membership decides whether the org appears, and its
 * role is one of the org claims).
 */
export const USER_EVENTS: readonly EventType[] = [
  'user.updated',
  'user.deleted',
  'membership.created',
  'membership.updated',
  'membership.deleted',
];
/** Events after which every profile bound to an organization may be wrong (its name or slug). */
export const ORGANIZATION_EVENTS: readonly EventType[] = ['organization.updated', 'organization.deleted'];

const userRef = z.object({ userId: z.string() });
const organizationRef = z.object({ organizationId: z.string() });

type Invalidations = Pick<ProfileCache, 'invalidateUser' | 'invalidateOrganization'>;

/**
 * Keeps a service's profile cache honest: the accounts service announces every change to users, memberships and
 * organizations, and this durable consumer invalidates the profiles concerned. All replicas of a service share
 * one durable consumer (and one Redis prefix), so a replica that was down catches up from where the group
 * stopped; each service has its own durable, because each has its own cache.
 */
export function startProfileInvalidation(options: {
  connection: NatsConnection;
  cache: Invalidations;
  /** `<service>-profile-invalidation`. */
  durableName: string;
  logger: Logger;
}): Promise<RunningConsumer> {
  const { connection, cache, durableName, logger } = options;
  return startEventConsumer({
    connection,
    durableName,
    filterSubjects: [...USER_EVENTS, ...ORGANIZATION_EVENTS].map((type) => eventCatalog[type].subject),
    handle: (event) => invalidateFor(cache, event),
    logger,
  });
}

/** Idempotent: invalidating twice only costs a cache miss. */
async function invalidateFor(cache: Invalidations, event: EventEnvelope): Promise<void> {
  if (USER_EVENTS.includes(event.type as EventType)) {
    await cache.invalidateUser(userRef.parse(event.payload).userId);
  } else if (ORGANIZATION_EVENTS.includes(event.type as EventType)) {
    await cache.invalidateOrganization(organizationRef.parse(event.payload).organizationId);
  }
}
