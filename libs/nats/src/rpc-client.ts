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
import { randomUUID } from 'node:crypto';
import { ErrorCode, Events, headers, type NatsConnection, type NatsError } from 'nats';
import { rpcReplySchema, type RpcRequestPacket } from './rpc-packet';
import { inClientSpan, injectTraceContext } from './rpc-tracing';
import { NATS_CONNECTION, NATS_LOGGER, NATS_REQUEST_TIMEOUT_MS } from './tokens';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

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
 */
@Injectable()
export class RpcClient {
  private observer: RpcObserver = () => undefined;
  private disconnected = false;

  constructor(
    @Inject(NATS_CONNECTION) private readonly connection: NatsConnection,
    @Inject(NATS_REQUEST_TIMEOUT_MS) private readonly timeoutMs: number,
    @Inject(NATS_LOGGER) private readonly logger: Logger,
  ) {
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

  private async request(subject: string, data: unknown, timeout: number) {
    const packet: RpcRequestPacket = {
      pattern: subject,
      data,
      id: randomUUID(),
    };
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
      const message = await this.connection.request(subject, body, {
        timeout,
        headers: requestHeaders,
      });
      raw = message.data;
    } catch (error) {
      throw this.unavailable(subject, error as NatsError);
    }
    const parsed = rpcReplySchema.safeParse(parseJson(decoder.decode(raw)));
    if (!parsed.success) {
      throw new ServerError('The server encountered an unexpected condition', {
        detail: 'malformed reply',
      });
    }
    return parsed.data;
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

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
