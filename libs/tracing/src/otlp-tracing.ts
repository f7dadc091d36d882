import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import type { Tracing } from './start-tracing';

/** A flush at shutdown that cannot reach the collector gives up after this, well within the shutdown deadline. */
const EXPORT_TIMEOUT_MS = 3000;

/**
 * The OpenTelemetry SDK, required by `startTracing` only when an endpoint is configured. Spans are batched and
 * sent as OTLP/HTTP JSON; `register()` installs the W3C trace-context propagator (the `traceparent` and
 * `tracestate` headers, also on NATS messages) and an AsyncLocalStorage context manager, so that a span started
 * while handling a request is a child of that request's span.
 */
export function startOtlpTracing(serviceName: string, endpoint: string): Tracing {
  const exporter = new OTLPTraceExporter({ url: tracesUrl(endpoint), timeoutMillis: EXPORT_TIMEOUT_MS });
  const provider = new NodeTracerProvider({
    resource: defaultResource().merge(resourceFromAttributes({ [ATTR_SERVICE_NAME]: serviceName })),
    spanProcessors: [new BatchSpanProcessor(exporter, { exportTimeoutMillis: EXPORT_TIMEOUT_MS })],
  });
  provider.register();
  return { shutdown: () => provider.shutdown() };
}

/** The OTLP exporter specification: traces go to `<OTEL_EXPORTER_OTLP_ENDPOINT>/v1/traces`. */
const tracesUrl = (endpoint: string) => `${endpoint.replace(/\/+$/, '')}/v1/traces`;
