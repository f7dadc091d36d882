import { Inject, Injectable } from '@nestjs/common';
import type { EventActor, EventEnvelope, EventType } from '@tessera/contracts';
import { EventPublisher, type NewEvent } from '@tessera/events';
import type { Logger } from '@tessera/logging';
import type { EntityManager } from 'typeorm';
import { AUTHORIZE_LOGGER } from '../authorize.logger';

/** Records a domain event of the change in progress (its actor is the change's). */
export type RecordEvent = <T extends EventType>(event: Omit<NewEvent<T>, 'actor'>) => Promise<void>;

/**
 * Every domain event of this service goes through here, written to the outbox (`authorize.outbox`) and relayed
 * to JetStream once its transaction committed. After the commit, one log line per event says what happened; it
 * carries the request id, which ties the event to the request.
 */
@Injectable()
export class ChangeRecorder {
  constructor(
    private readonly events: EventPublisher,
    @Inject(AUTHORIZE_LOGGER) private readonly logger: Logger,
  ) {}

  /** A Postgres change (a consent) and its events in one transaction: an event exists exactly when it committed. */
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

  /**
   * An event about something that happened outside Postgres (a session written to or deleted from Redis, a
   * refused sign-in), in a small transaction of its own, called right after the Redis write.
   *
   * This is not atomic with the Redis write: Redis and Postgres share no transaction. If the process dies
   * between the two, or Postgres refuses the insert (the error then reaches the caller), the Redis change
   * stands without its event. That is acceptable because the state these events describe is not durable
   * anyway: a session lives in Redis with a TTL, expires unannounced, and is lost with Redis itself; the events
   * are a record of what happened, not the source of truth. Writing the event first would be worse: it could
   * announce a session that never existed. What the outbox still guarantees is that a recorded event is
   * published, once, even while NATS is down.
   */
  async announce<T extends EventType>(event: Omit<NewEvent<T>, 'actor'>, actor: EventActor): Promise<void> {
    await this.commit((_manager, record) => record(event), actor);
  }
}
