import type { EventEnvelope } from '@tessera/contracts';
import type { Logger } from '@tessera/logging';
import {
  ConsumerDebugEvents,
  ConsumerEvents,
  type Consumer,
  type ConsumerInfo,
  type ConsumerMessages,
  type ConsumerStatus,
  type JsMsg,
  type NatsConnection,
} from 'nats';
import { parseEvent, type RunningConsumer } from './event-consumer';
import { orderedEventConsumer } from './event-stream';

/** How often the follower asks the server whether it has been handed everything. */
export const FOLLOW_PROBE_INTERVAL_MS = 250;
/** A pull lasts this long; the server's heartbeats while it waits come at half of it (nats.js's default). */
const PULL_EXPIRES_MS = 5_000;

/** The statuses after which a follower cannot tell, until its next probe, whether it missed something. */
const INTERRUPTIONS = new Set<string>([
  ConsumerEvents.HeartbeatsMissed,
  ConsumerEvents.ConsumerNotFound,
  ConsumerEvents.StreamNotFound,
  ConsumerEvents.ConsumerDeleted,
  ConsumerEvents.OrderedConsumerRecreated,
  ConsumerEvents.NoResponders,
  ConsumerDebugEvents.Reset,
]);

export interface EventFollowerOptions {
  connection: NatsConnection;
  /** One subject (or wildcard) of the event stream. */
  filterSubject: string;
  /** The events the stream received from this moment on are replayed before the new ones. */
  since: Date;
  /**
   * Called for every event, in stream order, synchronously: when it returns, the event counts as handled. One that
   * throws, or a malformed envelope, is logged and counts as handled too.
   */
  onEvent: (event: EventEnvelope) => void;
  /**
   * Called after each probe that found every event the stream held when the probe was sent handed to `onEvent`:
   * `asOfMs` is that moment (the process's clock).
   */
  onCaughtUp: (asOfMs: number) => void;
  /** Called when the consumer was reset or lost the server's heartbeats: it may have missed events since. */
  onInterrupted: () => void;
  logger: Logger;
  probeIntervalMs?: number;
  now?: () => number;
}

/**
 * Follows events of the stream in this process, and says how far behind it may be: for a per-process view that
 * must not miss an event for long (the grants userinfo knows revoked), where watchChanges' "a short TTL bounds
 * staleness" is not enough.
 *
 * An ordered consumer, like watchChanges' (ephemeral, one per process, recreated by the client from where it
 * stopped), but starting at `since`, and probed: every `probeIntervalMs` it asks the server for the consumer's
 * state, and when nothing is left undelivered and everything delivered has been handled, it calls `onCaughtUp`
 * with the moment the question was sent. So a caller that trusts its view for a bound after that moment trusts it
 * no longer than that bound past a silent stall (a lost connection, a stream that stopped answering), which no
 * event would announce.
 */
export async function followEvents(options: EventFollowerOptions): Promise<RunningConsumer> {
  const { connection, filterSubject, since, logger } = options;
  const probeIntervalMs = options.probeIntervalMs ?? FOLLOW_PROBE_INTERVAL_MS;
  const now = options.now ?? Date.now;
  const consumer = await orderedEventConsumer(connection, {
    filterSubjects: filterSubject,
    opt_start_time: since.toISOString(),
  });

  const handled = new HandledPosition();
  const messages = await consumer.consume({
    expires: PULL_EXPIRES_MS,
    callback: (message) => {
      try {
        options.onEvent(parseEvent(message.data));
      } catch (error) {
        // Counted as handled all the same: the same event would fail again, and the caller logs what it drops.
        logger.error({ err: error, subject: message.subject }, 'a followed event could not be handled');
      }
      handled.advance(message);
    },
  });
  const watching = watchStatuses(messages, (status) => {
    logger.warn({ status: status.type, data: status.data }, 'the event follower was interrupted');
    options.onInterrupted();
  }).catch((error) => logger.warn({ err: error }, 'the event follower stopped watching its statuses'));

  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let probing: Promise<void> = Promise.resolve();
  const probe = async () => {
    const askedAt = now();
    try {
      if (handled.coversEverythingIn(await consumer.info(false))) options.onCaughtUp(askedAt);
    } catch (error) {
      // No confirmation this time: whoever trusts the view stops trusting it when the last one runs out.
      logger.debug({ err: error }, 'the event follower could not reach its consumer');
    }
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      probing = probe().finally(schedule);
    }, probeIntervalMs);
    timer.unref();
  };
  probing = probe().finally(schedule);

  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await probing;
      await messages.close();
      await watching;
      await deleteQuietly(consumer);
    },
  };
}

/**
 * The last message handled, by the consumer that delivered it: an ordered consumer is recreated under a new name
 * after a reset, and its delivery sequence starts again at 1.
 */
class HandledPosition {
  private consumerName = '';
  private deliverySequence = 0;

  advance(message: JsMsg): void {
    this.consumerName = message.info.consumer;
    this.deliverySequence = message.info.deliverySequence;
  }

  /** Nothing waits on the server, and everything it delivered was handled here. */
  coversEverythingIn(info: ConsumerInfo): boolean {
    if (info.num_pending !== 0) return false;
    const delivered = info.delivered.consumer_seq;
    return info.name === this.consumerName ? this.deliverySequence >= delivered : delivered === 0;
  }
}

async function watchStatuses(messages: ConsumerMessages, onInterruption: (status: ConsumerStatus) => void) {
  for await (const status of await messages.status()) {
    if (INTERRUPTIONS.has(status.type)) onInterruption(status);
  }
}

/** The server removes a consumer left behind after a minute anyway; this only saves the wait. */
async function deleteQuietly(consumer: Consumer): Promise<void> {
  await consumer.delete().catch(() => undefined);
}
