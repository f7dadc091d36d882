import { eventCatalog, type EventEnvelope, type EventType } from '@tessera/contracts';
import { startEventConsumer, type RunningConsumer } from '@tessera/events';
import { createLogger } from '@tessera/logging';
import { connect, type NatsConnection } from 'nats';
import { randomBytes } from 'node:crypto';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The subjects of every event the token service publishes. */
export const TOKEN_EVENT_TYPES: EventType[] = [
  'oauth_token.created',
  'oauth_token.refreshed',
  'oauth_token.revoked',
  'oauth_token.reuse_detected',
  'signing_key.rotated',
];

/**
 * What another team's service receives from the token service: a durable consumer of its own over the token
 * service's subjects (an event published on a wrong subject never arrives here). `observe` runs as each event
 * arrives, to look at the database at that moment.
 */
export class TokenEventInbox {
  readonly events: EventEnvelope[] = [];
  readonly observed = new Map<string, unknown>();

  private constructor(
    private readonly connection: NatsConnection,
    private readonly consumer: RunningConsumer,
  ) {}

  static async start(
    natsUrl: string,
    observe: (event: EventEnvelope) => Promise<unknown> = async () => undefined,
  ): Promise<TokenEventInbox> {
    const connection = await connect({ servers: natsUrl, maxReconnectAttempts: -1, reconnectTimeWait: 100 });
    const holder: { inbox?: TokenEventInbox } = {};
    const consumer = await startEventConsumer({
      connection,
      durableName: `test-token-inbox-${randomBytes(4).toString('hex')}`,
      filterSubjects: TOKEN_EVENT_TYPES.map((type) => eventCatalog[type].subject),
      handle: async (event) => {
        holder.inbox?.observed.set(event.id, await observe(event));
        holder.inbox?.events.push(event);
      },
      logger: createLogger('test-token-inbox', 'silent'),
    });
    holder.inbox = new TokenEventInbox(connection, consumer);
    return holder.inbox;
  }

  /** The events about one aggregate (a grant id, a kid), in the order they arrived. */
  about(aggregateId: string): EventEnvelope[] {
    return this.events.filter((event) => event.aggregateId === aggregateId);
  }

  /** Where the inbox is now; `since(mark)` answers what arrived after. */
  mark(): number {
    return this.events.length;
  }

  since(mark: number): EventEnvelope[] {
    return this.events.slice(mark);
  }

  /** Waits until at least `count` events about the aggregate have arrived (or 10 s passed), and answers them. */
  async waitFor(aggregateId: string, count: number, timeoutMs = 10_000): Promise<EventEnvelope[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.about(aggregateId).length < count && Date.now() < deadline) await pause(25);
    return this.about(aggregateId);
  }

  async stop(): Promise<void> {
    await this.consumer.stop();
    await this.connection.close();
  }
}
