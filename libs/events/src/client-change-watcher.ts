import type { InjectionToken, Provider } from '@nestjs/common';
import { EVENT_STREAM, eventCatalog } from '@tessera/contracts';
import type { Logger } from '@tessera/logging';
import { NATS_CONNECTION } from '@tessera/nats';
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
 * Keeps a per-process client cache honest for the life of the application: `onChanged` runs for every update,
 * deletion or secret rotation of any application (see watchClientChanges). Registered with clientChangeListener.
 */
export class ClientChangeListener extends ConsumerLifecycle {
  constructor(
    private readonly connection: NatsConnection,
    private readonly onChanged: (clientId: string) => void,
    private readonly logger: Logger,
  ) {
    super();
  }

  protected startConsumer(): Promise<RunningConsumer> {
    const { connection, onChanged, logger } = this;
    return watchClientChanges({ connection, onChanged, logger });
  }
}

/**
 * The Nest provider of a service's ClientChangeListener: `forget(cache, clientId)` is called on the provider
 * `cache` (the service's client cache) for every change; `logger` is the service's logger token.
 */
export function clientChangeListener<T>(options: {
  cache: InjectionToken<T>;
  forget: (cache: T, clientId: string) => void;
  logger: InjectionToken;
}): Provider {
  const { cache, forget, logger } = options;
  return {
    provide: ClientChangeListener,
    inject: [NATS_CONNECTION, cache, logger],
    useFactory: (connection: NatsConnection, instance: T, log: Logger) =>
      new ClientChangeListener(connection, (clientId) => forget(instance, clientId), log),
  };
}
