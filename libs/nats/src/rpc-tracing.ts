import {
  context,
  propagation,
  SpanKind,
  SpanStatusCode,
  trace,
  type Context,
  type Span,
  type TextMapGetter,
  type TextMapSetter,
} from '@opentelemetry/api';
import { SPAN_ATTRIBUTES, tracer } from '@tessera/tracing';
import type { MsgHdrs } from 'nats';
import { isServerFailure, rpcOutcomeOf } from './rpc-outcome';

/*
 * Traces across NATS: the caller's client span travels in the request's headers as W3C trace context
 * (`traceparent`, `tracestate`), and the service's server span is its child. Everything here goes through
 * @opentelemetry/api, a no-op unless the process started tracing (see @tessera/tracing).
 */

const natsHeaderSetter: TextMapSetter<MsgHdrs> = {
  set: (headers, key, value) => headers.set(key, value),
};

const natsHeaderGetter: TextMapGetter<MsgHdrs | undefined> = {
  keys: (headers) => headers?.keys() ?? [],
  // nats.js answers "" for a header that is absent.
  get: (headers, key) => headers?.get(key) || undefined,
};

const attributesOf = (subject: string, operation: 'send' | 'process') => ({
  [SPAN_ATTRIBUTES.messagingSystem]: 'nats',
  [SPAN_ATTRIBUTES.messagingDestination]: subject,
  [SPAN_ATTRIBUTES.messagingOperation]: operation,
});

/** Ends a span with the request's outcome: `ok`, or the OAuth error code (an error status only for a 5xx). */
export function endRpcSpan(span: Span, failure?: { error: unknown }): void {
  span.setAttribute(SPAN_ATTRIBUTES.rpcOutcome, failure ? rpcOutcomeOf(failure.error) : 'ok');
  if (failure && isServerFailure(failure.error)) span.setStatus({ code: SpanStatusCode.ERROR });
  span.end();
}

/** Runs one outgoing request in a client span; `injectTraceContext` puts that span into its headers. */
export function inClientSpan<T>(subject: string, send: () => Promise<T>): Promise<T> {
  return tracer.startActiveSpan(
    `send ${subject}`,
    { kind: SpanKind.CLIENT, attributes: attributesOf(subject, 'send') },
    (span) =>
      send().then(
        (value) => {
          endRpcSpan(span);
          return value;
        },
        (error: unknown) => {
          endRpcSpan(span, { error });
          throw error;
        },
      ),
  );
}

export function injectTraceContext(headers: MsgHdrs): void {
  propagation.inject(context.active(), headers, natsHeaderSetter);
}

/** Starts the server span of one incoming message, the child of the caller's span named in its headers. */
export function startServerSpan(subject: string, headers: MsgHdrs | undefined): { span: Span; context: Context } {
  const parent = propagation.extract(context.active(), headers, natsHeaderGetter);
  const span = tracer.startSpan(
    `process ${subject}`,
    { kind: SpanKind.SERVER, attributes: attributesOf(subject, 'process') },
    parent,
  );
  return { span, context: trace.setSpan(parent, span) };
}
