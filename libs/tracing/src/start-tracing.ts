import type * as OtlpTracing from './otlp-tracing';

export interface Tracing {
  /** Exports the spans still buffered, then stops. Called once, at shutdown. */
  shutdown(): Promise<void>;
}

const OFF: Tracing = { shutdown: async () => undefined };

/**
 * Starts exporting this process's spans, as `service.name` = `serviceName`, over OTLP/HTTP to `endpoint`
 * (OTEL_EXPORTER_OTLP_ENDPOINT). Without an endpoint tracing is off and costs nothing: the SDK is not even
 * loaded, and every span the code starts goes to @opentelemetry/api's no-op tracer.
 */
export function startTracing(serviceName: string, endpoint: string | undefined): Tracing {
  if (!endpoint) return OFF;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when tracing is on (see above)
  const { startOtlpTracing } = require('./otlp-tracing') as typeof OtlpTracing;
  return startOtlpTracing(serviceName, endpoint);
}
