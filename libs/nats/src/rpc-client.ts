import { Inject, Injectable } from '@nestjs/common';
import {
  fromErrorEnvelope,
  isErrorEnvelope,
  ServerError,
  TemporarilyUnavailableError,
  type RequestOf,
  type ResponseOf,
  type Subject,
} from '@tessera/contracts';
import { currentRequestContext, type Logger, REQUEST_ID_HEADER } from '@tessera/logging';
import { ErrorCode, Events, headers, type NatsConnection, type NatsError } from 'nats';
import type { z } from 'zod';
import { ReplyInbox } from './reply-inbox';
import type { rpcReplySchema, RpcRequestPacket } from './rpc-packet';
import { inClientSpan, injectTraceContext } from './rpc-tracing';
import { NATS_CONNECTION, NATS_LOGGER, NATS_REQUEST_TIMEOUT_MS } from './tokens';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

type RpcReply = z.infer<typeof rpcReplySchema>;

/** A hook for metrics: called once per request with the subject, outcome and duration. */
export type RpcObserver = (subject: string, outcome: string, seconds: number) => void;

/**
 * The typed request/reply client. `send(subject, request)` checks the request and response types against the
 * contract map at compile time; a thrown error in the callee comes back as the same typed error; a callee that
 * is down or too slow becomes `temporarily_unavailable`. The request id and the trace context (each request is a
 * client span) travel in NATS headers.
 *
 * While the connection to NATS is lost, requests fail at once instead of waiting out their timeout: nothing can
 * answer them, and a caller (ultimately an HTTP client) is better served by an immediate 503.
 *
 * Requests go through our own reply inbox rather than nats.js's `request()`, whose per-request overhead showed in
 * the gateway's CPU profile (see ReplyInbox). The inbox's counter token doubles as the packet id, which the server
 * only echoes: no `randomUUID()` per request.
 */
@Injectable()
export class RpcClient {
  private observer: RpcObserver = () => undefined;
  private disconnected = false;
  private readonly inbox: ReplyInbox;

  constructor(
    @Inject(NATS_CONNECTION) private readonly connection: NatsConnection,
    @Inject(NATS_REQUEST_TIMEOUT_MS) private readonly timeoutMs: number,
    @Inject(NATS_LOGGER) private readonly logger: Logger,
  ) {
    this.inbox = new ReplyInbox(connection);
    void this.followConnectionStatus();
  }

  private async followConnectionStatus(): Promise<void> {
    try {
      for await (const status of this.connection.status()) {
        if (status.type === Events.Disconnect) this.disconnected = true;
        else if (status.type === Events.Reconnect) this.disconnected = false;
      }
    } catch {
      // the connection closed for good: requests fail on their own (CONNECTION_CLOSED)
    }
  }

  observe(observer: RpcObserver): void {
    this.observer = observer;
  }

  send<S extends Subject>(
    subject: S,
    request: RequestOf<S>,
    options: { timeoutMs?: number } = {},
  ): Promise<ResponseOf<S>> {
    return inClientSpan(subject, () => this.observedSend(subject, request, options.timeoutMs ?? this.timeoutMs));
  }

  private async observedSend<S extends Subject>(
    subject: S,
    request: RequestOf<S>,
    timeoutMs: number,
  ): Promise<ResponseOf<S>> {
    const started = process.hrtime.bigint();
    let outcome = 'ok';
    try {
      const reply = await this.request(subject, request, timeoutMs);
      if (reply.err !== undefined && reply.err !== null) {
        const error = isErrorEnvelope(reply.err)
          ? fromErrorEnvelope(reply.err)
          : new ServerError('The server encountered an unexpected condition', {
              detail: reply.err,
            });
        outcome = error.code;
        throw error;
      }
      return reply.response as ResponseOf<S>;
    } catch (error) {
      if (outcome === 'ok') outcome = error instanceof TemporarilyUnavailableError ? 'unavailable' : 'server_error';
      throw error;
    } finally {
      this.observer(subject, outcome, Number(process.hrtime.bigint() - started) / 1e9);
    }
  }

  private async request(subject: string, data: unknown, timeoutMs: number): Promise<RpcReply> {
    const token = this.inbox.nextToken();
    const packet: RpcRequestPacket = { pattern: subject, data, id: token };
    const requestHeaders = headers();
    const context = currentRequestContext();
    if (context) requestHeaders.set(REQUEST_ID_HEADER, context.requestId);
    injectTraceContext(requestHeaders);
    // Outside the try below, which speaks of the bus: a request that cannot be serialised (a BigInt, a cycle,
    // nesting deeper than the stack) is a bug on this side, and surfaces as the error it is.
    const body = encoder.encode(JSON.stringify(packet));
    let raw: Uint8Array;
    try {
      if (this.disconnected) throw Object.assign(new Error('disconnected from NATS'), { code: ErrorCode.Disconnect });
      raw = await this.inbox.request(subject, token, body, { timeoutMs, headers: requestHeaders });
    } catch (error) {
      throw this.unavailable(subject, error as NatsError);
    }
    const reply = replyOf(parseJson(decoder.decode(raw)));
    if (!reply) {
      throw new ServerError('The server encountered an unexpected condition', {
        detail: 'malformed reply',
      });
    }
    return reply;
  }

  private unavailable(subject: string, error: NatsError): TemporarilyUnavailableError {
    const owner = subject.split('.')[0];
    const reason =
      error.code === ErrorCode.NoResponders
        ? 'no instance is running'
        : error.code === ErrorCode.Timeout
          ? 'it did not answer in time'
          : 'the message bus is unreachable';
    this.logger.warn({ subject, natsError: error.code, reason }, 'NATS request failed');
    return new TemporarilyUnavailableError(`The ${owner} service is temporarily unavailable`, {
      detail: { subject, reason },
    });
  }
}

/**
 * The reply if it has the shape of rpcReplySchema. Checked by hand: this runs on every reply of the gateway's hot
 * path, and a zod parse (which also copies the object) is a cost four optional fields do not need.
 */
function replyOf(value: unknown): RpcReply | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const { id, isDisposed } = value as Record<string, unknown>;
  if (id !== undefined && typeof id !== 'string') return undefined;
  if (isDisposed !== undefined && typeof isDisposed !== 'boolean') return undefined;
  return value as RpcReply;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
