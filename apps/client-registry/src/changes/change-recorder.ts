import { Inject, Injectable } from '@nestjs/common';
import type { EventActor, EventEnvelope, EventType } from '@tessera/contracts';
import { EventPublisher, type NewEvent } from '@tessera/events';
import type { Logger } from '@tessera/logging';
import type { EntityManager } from 'typeorm';
import { REGISTRY_LOGGER } from '../registry.logger';

/** Who changes applications through /v1/oauth_applications: the admin API (one key, no admin identities). */
export const ADMIN_ACTOR: EventActor = { type: 'admin', id: null };

/** Records a domain event of the change in progress (its actor is the change's). */
export type RecordEvent = <T extends EventType>(event: Omit<NewEvent<T>, 'actor'>) => Promise<void>;

/**
 * Every change of this service goes through here: the change and its domain events are written in one
 * transaction (the outbox), so an event exists exactly when its change committed. After the commit, one log
 * line per event says what changed; it carries the request id, which ties the change to the request.
 */
@Injectable()
export class ChangeRecorder {
  constructor(
    private readonly events: EventPublisher,
    @Inject(REGISTRY_LOGGER) private readonly logger: Logger,
  ) {}

  async commit<T>(work: (manager: EntityManager, record: RecordEvent) => Promise<T>, actor: EventActor): Promise<T> {
    const recorded: EventEnvelope[] = [];
    const result = await this.events.transaction((manager, emit) =>
      work(manager, async (event) => {
        recorded.push(await emit({ ...event, actor } as NewEvent<EventType>));
      }),
    );
    for (const event of recorded) {
      this.logger.info({ eventId: event.id, type: event.type, aggregateId: event.aggregateId }, 'change committed');
    }
    return result;
  }
}
