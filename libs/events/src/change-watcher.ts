import type { Logger } from '@tessera/logging';
import { DeliverPolicy, type NatsConnection } from 'nats';
import type { RunningConsumer } from './event-consumer';
import { orderedEventConsumer } from './event-stream';

const decoder = new TextDecoder();

/**
 * Calls `onChange(subject, payload)` for every event of `subjects` published from now on, in this process: what a
 * per-process cache (of clients, of profiles) listens to, to forget what a change made wrong.
 *
 * Every process must see every event, so this is not the shared durable consumer of startEventConsumer (its
 * replicas share the messages, each event reaching one of them) and not a durable per process either (it would
 * need a stable replica name, and each rollout would leave durables behind). It is an ordered consumer: ephemeral,
 * one per process, kept in the server's memory, starting with the newest event (a cache starts empty: nothing
 * older matters), recreated by the client from where it stopped after a reconnect, and removed by the server once
 * the process is gone. While the stream is unreachable, the caches' short TTL bounds staleness.
 *
 * `filterSubject` is the one server-side filter (nats-server 2.9 takes one subject per consumer), a wildcard
 * covering `subjects`; the others it matches are dropped here.
 */
export async function watchChanges(options: {
  connection: NatsConnection;
  filterSubject: string;
  subjects: ReadonlySet<string>;
  onChange: (subject: string, payload: Record<string, unknown>) => void;
  logger: Logger;
}): Promise<RunningConsumer> {
  const { connection, filterSubject, subjects, onChange, logger } = options;
  const consumer = await orderedEventConsumer(connection, {
    filterSubjects: filterSubject,
    deliver_policy: DeliverPolicy.New,
  });
  const messages = await consumer.consume();
  const loop = (async () => {
    for await (const message of messages) {
      if (!subjects.has(message.subject)) continue;
      const payload = payloadOf(message.data);
      if (payload) onChange(message.subject, payload);
      else logger.warn({ subject: message.subject }, 'event without a payload; ignored');
    }
  })();
  return {
    async stop() {
      await messages.close();
      await loop;
    },
  };
}

function payloadOf(data: Uint8Array): Record<string, unknown> | undefined {
  try {
    const payload = (JSON.parse(decoder.decode(data)) as { payload?: unknown }).payload;
    return typeof payload === 'object' && payload !== null ? (payload as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
