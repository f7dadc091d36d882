import { EVENT_STREAM, EVENT_SUBJECT_PREFIX } from '@tessera/contracts';
import { nanos, RetentionPolicy, StorageType, type JetStreamManager, type StreamConfig } from 'nats';

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
