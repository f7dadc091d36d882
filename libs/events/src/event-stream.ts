import { EVENT_STREAM, EVENT_SUBJECT_PREFIX } from '@tessera/contracts';
import {
  nanos,
  RetentionPolicy,
  StorageType,
  type Consumer,
  type JetStreamManager,
  type NatsConnection,
  type OrderedConsumerOptions,
  type StreamConfig,
} from 'nats';

/** How long the stream keeps events: consumers that were down this long catch up; the audit log keeps them after. */
export const EVENT_RETENTION_DAYS = 30;
/** JetStream drops a message whose id it saw within this window: a relay retry never publishes twice. */
export const DUPLICATE_WINDOW_MS = 10 * 60 * 1000;

export const eventStreamConfig: Partial<StreamConfig> = {
  name: EVENT_STREAM,
  subjects: [`${EVENT_SUBJECT_PREFIX}.>`],
  storage: StorageType.File,
  retention: RetentionPolicy.Limits,
  max_age: nanos(EVENT_RETENTION_DAYS * 24 * 60 * 60 * 1000),
  duplicate_window: nanos(DUPLICATE_WINDOW_MS),
  num_replicas: 1,
};

/** Creates TESSERA_EVENTS if missing (every publisher and consumer calls this at start; it is idempotent). */
export async function ensureEventStream(jsm: JetStreamManager, replicas = 1): Promise<void> {
  const config = { ...eventStreamConfig, num_replicas: replicas };
  try {
    await jsm.streams.info(EVENT_STREAM);
  } catch {
    try {
      await jsm.streams.add(config);
    } catch (error) {
      // Another process created it between our two calls.
      await jsm.streams.info(EVENT_STREAM).catch(() => {
        throw error;
      });
    }
  }
}

/** How long the server keeps a process's ordered consumer after the process went away without removing it. */
const ORDERED_CONSUMER_INACTIVE_MS = 60_000;

/**
 * An ordered consumer of the stream for this process (ephemeral, kept in the server's memory, recreated by the
 * client from where it stopped, removed by the server once the process is gone), once the stream exists: what
 * watchChanges and followEvents read. `options` say where it starts and what it filters.
 */
export async function orderedEventConsumer(
  connection: NatsConnection,
  options: Partial<Omit<OrderedConsumerOptions, 'inactive_threshold'>>,
): Promise<Consumer> {
  await ensureEventStream(await connection.jetstreamManager());
  return connection.jetstream().consumers.get(EVENT_STREAM, {
    ...options,
    inactive_threshold: ORDERED_CONSUMER_INACTIVE_MS,
  });
}
