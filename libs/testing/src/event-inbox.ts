import { EVENT_TYPES, eventCatalog, type EventEnvelope } from '@tessera/contracts';
import { startEventConsumer, type RunningConsumer } from '@tessera/events';
import { createLogger } from '@tessera/logging';
import { connect, type NatsConnection } from 'nats';
import { randomBytes } from 'node:crypto';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface EventInboxOptions {
  /** Subjects or wildcards to consume (`events.token.>`): an event published elsewhere never arrives. */
  filterSubjects?: string[];
  /**
   * How long `waitFor` goes on waiting after the events it waited for arrived, so that an unwanted extra one (a
   * duplicate, or an event of a rolled-back change) would show. 0 for tests that fence with a later event.
   */
  settleMs?: number;
}

/**
 * What a consumer of the event stream receives, as another team's service would: a durable consumer of its own
 * (every catalog subject unless told otherwise). `observe` runs as each event arrives (e.g. to look at the
 * database at that moment).
 */
export class EventInbox {
  readonly received: Array<{ event: EventEnvelope; observed: unknown }> = [];

  private constructor(
    private readonly connection: NatsConnection,
    private readonly consumer: RunningConsumer,
    private readonly settleMs: number,
  ) {}

  static async start(
    natsUrl: string,
    observe: (event: EventEnvelope) => Promise<unknown> = async () => undefined,
    options: EventInboxOptions = {},
  ): Promise<EventInbox> {
    const connection = await connect({ servers: natsUrl, maxReconnectAttempts: -1, reconnectTimeWait: 100 });
    const holder: { inbox?: EventInbox } = {};
    const consumer = await startEventConsumer({
      connection,
      durableName: `test-inbox-${randomBytes(4).toString('hex')}`,
      filterSubjects: options.filterSubjects ?? EVENT_TYPES.map((type) => eventCatalog[type].subject),
      handle: async (event) => {
        holder.inbox?.received.push({ event, observed: await observe(event) });
      },
      logger: createLogger('test-inbox', 'silent'),
    });
    holder.inbox = new EventInbox(connection, consumer, options.settleMs ?? 300);
    return holder.inbox;
  }

  get events(): EventEnvelope[] {
    return this.received.map(({ event }) => event);
  }

  /** The events about one aggregate, in the order they arrived. */
  about(aggregateId: string): EventEnvelope[] {
    return this.events.filter((event) => event.aggregateId === aggregateId);
  }

  /** What `observe` saw when each event about the aggregate arrived, in the same order. */
  observedFor(aggregateId: string): unknown[] {
    return this.received.filter(({ event }) => event.aggregateId === aggregateId).map(({ observed }) => observed);
  }

  /** Where the inbox is now; `since(mark)` answers what arrived after. */
  mark(): number {
    return this.received.length;
  }

  since(mark: number): EventEnvelope[] {
    return this.events.slice(mark);
  }

  /** Waits until `count` events about the aggregate arrived (or the time is up), then `settleMs` longer. */
  async waitFor(aggregateId: string, count: number, timeoutMs = 10_000): Promise<EventEnvelope[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.about(aggregateId).length < count && Date.now() < deadline) await pause(25);
    if (this.settleMs) await pause(this.settleMs);
    return this.about(aggregateId);
  }

  async stop(): Promise<void> {
    await this.consumer.stop();
    await this.connection.close();
  }
}
