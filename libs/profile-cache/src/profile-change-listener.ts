import { eventCatalog } from '@tessera/contracts';
import { ConsumerLifecycle, watchChanges, type RunningConsumer } from '@tessera/events';
import type { Logger } from '@tessera/logging';
import type { NatsConnection } from 'nats';
import { ORGANIZATION_EVENTS, USER_EVENTS } from './profile-invalidation';
import type { RememberedProfiles } from './remembered-profiles';

/** The server-side filter; the changes that matter are picked from what it matches (see watchChanges). */
const ACCOUNTS_EVENTS = 'events.accounts.>';
const USER_CHANGES = new Set<string>(USER_EVENTS.map((type) => eventCatalog[type].subject));
const ORGANIZATION_CHANGES = new Set<string>(ORGANIZATION_EVENTS.map((type) => eventCatalog[type].subject));

/**
 * Keeps this process's RememberedProfiles honest for the life of the application: the same changes as the
 * service's durable profile-invalidation consumer, but seen by every process (an ordered consumer of its own),
 * since each remembers profiles of its own.
 */
export class ProfileChangeListener extends ConsumerLifecycle {
  constructor(
    private readonly connection: NatsConnection,
    private readonly remembered: RememberedProfiles,
    private readonly logger: Logger,
  ) {
    super();
  }

  protected startConsumer(): Promise<RunningConsumer> {
    const { connection, remembered, logger } = this;
    return watchChanges({
      connection,
      filterSubject: ACCOUNTS_EVENTS,
      subjects: new Set([...USER_CHANGES, ...ORGANIZATION_CHANGES]),
      onChange: (subject, { userId }) => {
        if (ORGANIZATION_CHANGES.has(subject)) remembered.forgetAll();
        else if (typeof userId === 'string') remembered.forgetUser(userId);
        // A user event without its user: forget everyone rather than keep someone stale.
        else remembered.forgetAll();
      },
      logger,
    });
  }
}
