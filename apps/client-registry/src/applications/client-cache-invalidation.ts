import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { EVENT_STREAM, eventCatalog } from '@tessera/contracts';
import { ensureEventStream } from '@tessera/events';
import type { Logger } from '@tessera/logging';
import { NATS_CONNECTION } from '@tessera/nats';
import { DeliverPolicy, type ConsumerMessages, type NatsConnection } from 'nats';
import { REGISTRY_LOGGER } from '../registry.logger';
import { ClientCache } from './client-cache';

/** One server-side filter (nats-server 2.9 takes one subject per consumer); the wanted types are picked here. */
const APPLICATION_EVENTS = 'events.registry.oauth_application.>';
const INVALIDATING_SUBJECTS = new Set<string>([
  eventCatalog['oauth_application.updated'].subject,
  eventCatalog['oauth_application.deleted'].subject,
  eventCatalog['oauth_application.secret_rotated'].subject,
]);
/** How long the server keeps this process's consumer after the process went away without removing it. */
const INACTIVE_THRESHOLD_MS = 60_000;

const decoder = new TextDecoder();

/**
 * Drops an application's client from this replica's lookup cache when any replica changed it (the replica that
 * made the change also drops it at once, without waiting for the event).
 *
 * Every replica must see every event, so this is not the shared durable consumer of libs/events (its replicas
 * share the messages, each event reaching one of them) and not a durable per replica either (it would need a
 * stable replica name, and each rollout would leave durables behind). It is an ordered consumer: ephemeral, one
 * per process, kept in the server's memory, starting with the newest event (the cache starts empty: nothing
 * older matters), recreated by the client from where it stopped after a reconnect, and removed by the server
 * once the process is gone. While the stream is unreachable, the cache's short TTL still bounds staleness.
 */
@Injectable()
export class ClientCacheInvalidation implements OnApplicationBootstrap, OnModuleDestroy {
  private messages?: ConsumerMessages;
  private loop?: Promise<void>;

  constructor(
    @Inject(NATS_CONNECTION) private readonly connection: NatsConnection,
    @Inject(ClientCache) private readonly cache: ClientCache,
    @Inject(REGISTRY_LOGGER) private readonly logger: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await ensureEventStream(await this.connection.jetstreamManager());
    const consumer = await this.connection.jetstream().consumers.get(EVENT_STREAM, {
      filterSubjects: APPLICATION_EVENTS,
      deliver_policy: DeliverPolicy.New,
      inactive_threshold: INACTIVE_THRESHOLD_MS,
    });
    const messages = await consumer.consume();
    this.messages = messages;
    this.loop = (async () => {
      for await (const message of messages) {
        if (!INVALIDATING_SUBJECTS.has(message.subject)) continue;
        const clientId = clientIdOf(message.data);
        if (clientId) this.cache.invalidate(clientId);
        else this.logger.warn({ subject: message.subject }, 'application event without a client id; ignored');
      }
    })();
  }

  async onModuleDestroy(): Promise<void> {
    await this.messages?.close();
    await this.loop;
  }
}

function clientIdOf(data: Uint8Array): string | undefined {
  try {
    const clientId = (JSON.parse(decoder.decode(data)) as { payload?: { clientId?: unknown } }).payload?.clientId;
    return typeof clientId === 'string' ? clientId : undefined;
  } catch {
    return undefined;
  }
}
