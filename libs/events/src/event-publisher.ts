import type { EventActor, EventEnvelope, EventType } from '@tessera/contracts';
import { WriteBatch, type WriteCondition } from '@tessera/database';
import type { Logger } from '@tessera/logging';
import type { DataSource, EntityManager } from 'typeorm';
import type { NewEvent, Outbox } from './outbox';
import type { OutboxRelay } from './outbox-relay';

/** Records a domain event in the current transaction; see EventPublisher.transaction. */
export type Emit = <T extends EventType>(event: NewEvent<T>) => Promise<EventEnvelope>;

/** Records a domain event of the change in progress; its actor is the change's (see EventPublisher.commit). */
export type RecordEvent = <T extends EventType>(event: Omit<NewEvent<T>, 'actor'>) => Promise<void>;

/**
 * How a service publishes domain events: inside the transaction of the change (the outbox), relayed to
 * JetStream once it commits. Use `commit` for a change by one actor, `transaction` when its events have several
 * actors, or `record` with a transaction you already have (then call `committed()` after it commits).
 */
export class EventPublisher {
  constructor(
    private readonly dataSource: DataSource,
    private readonly outbox: Outbox,
    private readonly relay: OutboxRelay,
    private readonly logger: Logger,
  ) {}

  async transaction<T>(work: (manager: EntityManager, emit: Emit) => Promise<T>): Promise<T> {
    const result = await this.dataSource.transaction((manager) =>
      work(manager, (event) => this.outbox.add(manager, event)),
    );
    this.committed();
    return result;
  }

  /**
   * A change made only of independent writes (nothing read back, none reading another's), with its events, sent as
   * one statement (see WriteBatch): as atomic as `transaction`, in one round trip instead of one per write plus
   * BEGIN and COMMIT. `work` queues the writes on the batch it is given and emits the events; they are sent
   * when it returns.
   */
  async batch<T>(work: (writes: WriteBatch, emit: Emit) => Promise<T>): Promise<T> {
    const writes = new WriteBatch();
    const result = await work(writes, (event) => this.outbox.add(writes, event));
    await writes.run(this.dataSource);
    this.committed();
    return result;
  }

  /**
   * `batch` for a change that may find nothing to do: `condition`'s steps (a conditional UPDATE … RETURNING, say)
   * run first, in the same statement, and the writes and events that `work` queues happen only if its last step
   * returned a row (see WriteBatch). True when they did.
   */
  async batchIf(condition: WriteCondition, work: (writes: WriteBatch, emit: Emit) => Promise<void>): Promise<boolean> {
    const writes = new WriteBatch(condition);
    await work(writes, (event) => this.outbox.add(writes, event));
    const changed = await writes.run(this.dataSource);
    if (changed) this.committed();
    return changed;
  }

  /**
   * A change and its events, all by `actor`, in one transaction: an event exists exactly when its change
   * committed. After the commit, one log line per event says what changed; it carries the request id, which ties
   * the change to the request that made it.
   */
  async commit<T>(work: (manager: EntityManager, record: RecordEvent) => Promise<T>, actor: EventActor): Promise<T> {
    const recorded: EventEnvelope[] = [];
    const result = await this.transaction((manager, emit) =>
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
   * An event about something that happened outside Postgres (a write to Redis, a refused attempt), in a small
   * transaction of its own, called right after that write.
   *
   * This is not atomic with the other write: the two stores share no transaction. If the process dies between
   * them, or Postgres refuses the insert (the error then reaches the caller), the change stands without its
   * event. Use it only where that is acceptable: where the state the event describes is not durable anyway (a
   * session in Redis with a TTL expires unannounced), and the event is a record of what happened rather than the
   * source of truth. Announcing first would be worse: it could announce what never happened. What the outbox
   * still guarantees is that a recorded event is published, once, even while NATS is down.
   */
  async announce<T extends EventType>(event: Omit<NewEvent<T>, 'actor'>, actor: EventActor): Promise<void> {
    await this.commit((_manager, record) => record(event), actor);
  }

  record<T extends EventType>(manager: EntityManager, event: NewEvent<T>): Promise<EventEnvelope> {
    return this.outbox.add(manager, event);
  }

  /** Tells the relay that events were committed, so they go out now rather than at the next poll. */
  committed(): void {
    this.relay.kick();
  }

  /** Seconds the oldest unpublished event has waited (for metrics and readiness). */
  lagSeconds(): Promise<number> {
    return this.relay.lagSeconds();
  }
}
