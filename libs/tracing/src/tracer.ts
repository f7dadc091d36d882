import { trace } from '@opentelemetry/api';

/**
 * The tracer every Tessera span comes from. Until `startTracing` registers the SDK it is @opentelemetry/api's
 * built-in no-op: spans cost an object each and are never recorded.
 */
export const tracer = trace.getTracer('tessera');

/**
 * Names of the OpenTelemetry semantic-convention attributes Tessera's spans carry. Spelled out here rather than
 * imported from @opentelemetry/semantic-conventions so that the code on every request loads @opentelemetry/api
 * and nothing else.
 */
export const SPAN_ATTRIBUTES = {
  httpMethod: 'http.request.method',
  httpRoute: 'http.route',
  httpStatusCode: 'http.response.status_code',
  messagingSystem: 'messaging.system',
  messagingDestination: 'messaging.destination.name',
  messagingOperation: 'messaging.operation.type',
  /** Not a semantic convention: how a NATS request ended, `ok` or the OAuth error code the caller gets. */
  rpcOutcome: 'tessera.rpc.outcome',
} as const;
