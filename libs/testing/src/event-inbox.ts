import { EVENT_TYPES, eventCatalog, type EventEnvelope } from '@tessera/contracts';
import { startEventConsumer, type RunningConsumer } from '@tessera/events';
import { createLogger } from '@tessera/logging';
import { connect, type NatsConnection } from 'nats';
import { randomBytes } from 'node:crypto';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * What a consumer of the event stream receives, as another team's service would: a durable consumer of its own
 * over every catalog subject. `observe` runs as each event arrives (e.g. to look at the database at that moment).
 */
export class EventInbox {
  readonly received: Array<{ event: EventEnvelope; observed: unknown }> = [];

  private constructor(
    private readonly connection: NatsConnection,
    private readonly consumer: RunningConsumer,
  ) {}

  static async start(
    natsUrl: string,
    observe: (event: EventEnvelope) => Promise<unknown> = async () => undefined,
  ): Promise<EventInbox> {
    const connection = await connect({ servers: natsUrl, maxReconnectAttempts: -1, reconnectTimeWait: 100 });
    const holder: { inbox?: EventInbox } = {};
    const consumer = await startEventConsumer({
      connection,
      durableName: `test-inbox-${randomBytes(4).toString('hex')}`,
      filterSubjects: EVENT_TYPES.map((type) => eventCatalog[type].subject),
      handle: async (event) => {
        holder.inbox?.received.push({ event, observed: await observe(event) });
      },
      logger: createLogger('test-inbox', 'silent'),
    });
    holder.inbox = new EventInbox(connection, consumer);
    return holder.inbox;
  }

  get events(): EventEnvelope[] {
    return this.received.map(({ event }) => event);
  }

  /** The events about one aggregate, in the order they arrived. */
  about(aggregateId: string): EventEnvelope[] {
    return this.events.filter((event) => event.aggregateId === aggregateId);
  }

  /**
   * Waits until `count` events about the aggregate arrived, then a little longer so that an unwanted extra one
   * (a duplicate, or an event of a rolled-back change) would show.
   */
  async waitFor(aggregateId: string, count: number, timeoutMs = 10_000): Promise<EventEnvelope[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.about(aggregateId).length < count && Date.now() < deadline) await pause(25);
    await pause(300);
    return this.about(aggregateId);
  }

  async stop(): Promise<void> {
    await this.consumer.stop();
    await this.connection.close();
  }
}
