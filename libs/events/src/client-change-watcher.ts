import { EVENT_STREAM, eventCatalog } from '@tessera/contracts';
import type { Logger } from '@tessera/logging';
import { DeliverPolicy, type NatsConnection } from 'nats';
import { ConsumerLifecycle } from './consumer-lifecycle';
import type { RunningConsumer } from './event-consumer';
import { ensureEventStream } from './event-stream';

/** One server-side filter (nats-server 2.9 takes one subject per consumer); the wanted types are picked here. */
const APPLICATION_EVENTS = 'events.registry.oauth_application.>';
/** The changes after which what a process remembers of a client (its secret, its settings) may be wrong. */
const CLIENT_CHANGES = new Set<string>([
  eventCatalog['oauth_application.updated'].subject,
  eventCatalog['oauth_application.deleted'].subject,
  eventCatalog['oauth_application.secret_rotated'].subject,
]);
/** How long the server keeps a process's consumer after the process went away without removing it. */
const INACTIVE_THRESHOLD_MS = 60_000;

const decoder = new TextDecoder();

/**
 * Calls `onChanged(clientId)` whenever any replica updates, deletes or rotates the secret of an OAuth application:
 * what a per-process client cache (the registry's lookups, the gateway's authentications) listens to.
 *
 * Every process must see every event, so this is not the shared durable consumer of startEventConsumer (its
 * replicas share the messages, each event reaching one of them) and not a durable per process either (it would
 * need a stable replica name, and each rollout would leave durables behind). It is an ordered consumer: ephemeral,
 * one per process, kept in the server's memory, starting with the newest event (a cache starts empty: nothing
 * older matters), recreated by the client from where it stopped after a reconnect, and removed by the server once
 * the process is gone. While the stream is unreachable, the caches' short TTL bounds staleness.
 */
export async function watchClientChanges(options: {
  connection: NatsConnection;
  onChanged: (clientId: string) => void;
  logger: Logger;
}): Promise<RunningConsumer> {
  const { connection, onChanged, logger } = options;
  await ensureEventStream(await connection.jetstreamManager());
  const consumer = await connection.jetstream().consumers.get(EVENT_STREAM, {
    filterSubjects: APPLICATION_EVENTS,
    deliver_policy: DeliverPolicy.New,
    inactive_threshold: INACTIVE_THRESHOLD_MS,
  });
  const messages = await consumer.consume();
  const loop = (async () => {
    for await (const message of messages) {
      if (!CLIENT_CHANGES.has(message.subject)) continue;
      const clientId = clientIdOf(message.data);
      if (clientId) onChanged(clientId);
      else logger.warn({ subject: message.subject }, 'application event without a client id; ignored');
    }
  })();
  return {
    async stop() {
      await messages.close();
      await loop;
    },
  };
}

function clientIdOf(data: Uint8Array): string | undefined {
  try {
    const clientId = (JSON.parse(decoder.decode(data)) as { payload?: { clientId?: unknown } }).payload?.clientId;
    return typeof clientId === 'string' ? clientId : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A provider that keeps a per-process client cache honest for the life of the application: `clientChanged` runs
 * for every change of any application (see watchClientChanges). Subclasses say what to forget.
 */
export abstract class ClientChangeListener extends ConsumerLifecycle {
  protected constructor(
    private readonly connection: NatsConnection,
    private readonly logger: Logger,
  ) {
    super();
  }

  protected abstract clientChanged(clientId: string): void;

  protected startConsumer(): Promise<RunningConsumer> {
    return watchClientChanges({
      connection: this.connection,
      onChanged: (clientId) => this.clientChanged(clientId),
      logger: this.logger,
    });
  }
}
