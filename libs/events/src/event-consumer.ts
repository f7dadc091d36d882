import { EVENT_STREAM, EVENT_SUBJECT_PREFIX, eventEnvelopeSchema, type EventEnvelope } from '@tessera/contracts';
import type { Logger } from '@tessera/logging';
import { AckPolicy, nanos, type ConsumerMessages, type JsMsg, type NatsConnection } from 'nats';
import { retireReplaced, takeoverStart } from './consumer-takeover';
import { ensureEventStream } from './event-stream';
import { commonFilter, subjectFilter } from './subject-filter';
import { waitingBatches } from './waiting-batches';

/**
 * How a consumer handles its events; either way it must be idempotent: an event can arrive again after a crash
 * between handling and acknowledging.
 */
type Handling =
  | { handle: (event: EventEnvelope) => Promise<void>; handleBatch?: never }
  | {
      /**
       * The events that have arrived and wait, in stream order (at most MAX_BATCH), handled together: one statement
       * for all of them rather than one each. Acknowledged together once it resolves, retried together if it fails.
       */
      handleBatch: (events: EventEnvelope[]) => Promise<void>;
      handle?: never;
    };

/** The most events one `handleBatch` call gets: as many as the consumer asks JetStream for at a time. */
export const MAX_BATCH = 64;

export type EventConsumerOptions = ConsumerSettings & Handling;

interface ConsumerSettings {
  connection: NatsConnection;
  /** The durable consumer's name: it remembers where it stopped, so a restarted service catches up. */
  durableName: string;
  /** Subjects or NATS wildcards (`events.accounts.>`, `events.*.user.created.v1`). */
  filterSubjects: string[];
  logger: Logger;
  /** Redelivery delay after a failed handling. */
  retryDelayMs?: number;
  /**
   * Durable consumers this one replaces (one consumer doing what several did): created at their lowest
   * acknowledged position, and they are deleted (see consumer-takeover.ts).
   */
  takesOverFrom?: readonly string[];
}

export interface RunningConsumer {
  stop(): Promise<void>;
}

const decoder = new TextDecoder();

/**
 * A durable JetStream pull consumer over TESSERA_EVENTS. Each event is acknowledged after `handle` (or the
 * `handleBatch` call it was in) resolves; a failure is negatively acknowledged and redelivered later; a malformed
 * message is terminated (never retried).
 */
export async function startEventConsumer(options: EventConsumerOptions): Promise<RunningConsumer> {
  const { connection, durableName, logger } = options;
  const jsm = await connection.jetstreamManager();
  await ensureEventStream(jsm);
  // nats-server before 2.10 (Debian 12 ships 2.9) has no `filter_subjects`: the server filters by the narrowest
  // one subject that covers them all, and the rest are filtered here, with the server's wildcard rules (events
  // that pass the first filter but not the second are acknowledged unseen).
  const wanted = subjectFilter(options.filterSubjects);
  const filterSubject = commonFilter(options.filterSubjects, `${EVENT_SUBJECT_PREFIX}.>`);
  const replaced = options.takesOverFrom ?? [];
  try {
    const existing = await jsm.consumers.info(EVENT_STREAM, durableName);
    if (existing.config.filter_subject !== filterSubject) {
      await jsm.consumers.update(EVENT_STREAM, durableName, { filter_subject: filterSubject });
    }
  } catch {
    const consumerConfig = {
      durable_name: durableName,
      ack_policy: AckPolicy.Explicit,
      filter_subject: filterSubject,
      ack_wait: nanos(30_000),
      max_deliver: -1,
      ...(await takeoverStart(jsm, replaced)),
    };
    // Another replica may have created it meanwhile, perhaps from another start: then theirs stands.
    await jsm.consumers.add(EVENT_STREAM, consumerConfig).catch(async (error: unknown) => {
      await jsm.consumers.info(EVENT_STREAM, durableName).catch(() => {
        throw error;
      });
    });
  }
  await retireReplaced(jsm, replaced);
  const consumer = await connection.jetstream().consumers.get(EVENT_STREAM, durableName);
  const messages: ConsumerMessages = await consumer.consume({ max_messages: 64 });

  const loop = (async () => {
    for await (const batch of waitingBatches(messages, options.handleBatch ? MAX_BATCH : 1)) {
      const received = batch.flatMap((message) => {
        const event = readEvent(message, wanted, logger);
        return event ? [{ message, event }] : [];
      });
      if (received.length === 0) continue;
      try {
        if (options.handleBatch) await options.handleBatch(received.map(({ event }) => event));
        else await options.handle(received[0].event);
        for (const { message } of received) message.ack();
      } catch (error) {
        logger.warn(
          { err: error, eventIds: received.map(({ event }) => event.id), durableName },
          'event handling failed; will retry',
        );
        for (const { message } of received) message.nak(options.retryDelayMs ?? 1000);
      }
    }
  })();

  return {
    async stop() {
      await messages.close();
      await loop;
    },
  };
}

/**
 * The event a message carries, or undefined once it is dealt with: one of another subject (see the filter above) is
 * acknowledged unseen, a malformed one terminated (never retried).
 */
function readEvent(message: JsMsg, wanted: (subject: string) => boolean, logger: Logger): EventEnvelope | undefined {
  if (!wanted(message.subject)) {
    message.ack();
    return undefined;
  }
  try {
    return parseEvent(message.data);
  } catch (error) {
    logger.error({ err: error, subject: message.subject }, 'malformed event; terminating it');
    message.term();
    return undefined;
  }
}

/** The event a message's bytes carry; throws when they are not a well-formed envelope. */
export function parseEvent(data: Uint8Array): EventEnvelope {
  return eventEnvelopeSchema.parse(JSON.parse(decoder.decode(data)));
}
