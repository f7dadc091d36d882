import { ErrorCode, headers, NatsError, type NatsConnection } from 'nats';
import { ReplyInbox } from './reply-inbox';

/** JetStream's acknowledgement of a stored message. */
export interface PubAck {
  stream: string;
  seq: number;
  /** The message id was seen within the stream's duplicate window: this copy was dropped. */
  duplicate: boolean;
}

/** How long a publish waits for JetStream's acknowledgement: nats.js's `jetstream()` default. */
const DEFAULT_TIMEOUT_MS = 5_000;

const decoder = new TextDecoder();

/**
 * Publishes to JetStream with a message id and waits for the stream's acknowledgement, as nats.js's
 * `jetstream().publish(subject, data, { msgID })` does (one attempt, the same errors), over a ReplyInbox instead
 * of nats.js's `request()`. Each of those requests built a `NatsError`, a stack trace, only to cancel the finished
 * request, plus a timer and a deferred: 3–4 % of the token service's main thread under load, where the outbox relay
 * publishes an event per code exchange and per refresh.
 */
export class JetStreamPublisher {
  private readonly inbox: ReplyInbox;

  constructor(
    connection: NatsConnection,
    private readonly timeoutMs = DEFAULT_TIMEOUT_MS,
  ) {
    this.inbox = new ReplyInbox(connection);
  }

  /**
   * Rejects with the NatsError nats.js would give: NoResponders ('503') when no stream takes the subject, Timeout,
   * the stream's own refusal (its API error code and description), or JetStreamInvalidAck for a reply that is not
   * an acknowledgement.
   */
  async publish(subject: string, data: Uint8Array, messageId: string): Promise<PubAck> {
    const messageHeaders = headers();
    messageHeaders.set('Nats-Msg-Id', messageId);
    const reply = await this.inbox.request(subject, this.inbox.nextToken(), data, {
      timeoutMs: this.timeoutMs,
      headers: messageHeaders,
    });
    return acknowledgementOf(reply);
  }
}

/** The stream's answer: `{ stream, seq, duplicate? }`, or `{ error: { code, err_code?, description } }`. */
function acknowledgementOf(reply: Uint8Array): PubAck {
  let answer: unknown;
  try {
    answer = JSON.parse(decoder.decode(reply));
  } catch {
    throw NatsError.errorForCode(ErrorCode.JetStreamInvalidAck);
  }
  const { stream, seq, duplicate, error } = (answer ?? {}) as Record<string, unknown>;
  if (typeof error === 'object' && error !== null) {
    const { code, description } = error as { code?: unknown; description?: unknown };
    const refusal = new NatsError(
      typeof description === 'string' ? description : 'JetStream refused the message',
      String(code ?? ErrorCode.JetStreamInvalidAck),
    );
    refusal.api_error = error as NatsError['api_error'];
    throw refusal;
  }
  if (typeof stream !== 'string' || stream === '' || typeof seq !== 'number') {
    throw NatsError.errorForCode(ErrorCode.JetStreamInvalidAck);
  }
  return { stream, seq, duplicate: duplicate === true };
}
