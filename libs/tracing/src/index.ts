// Not otlp-tracing: the SDK is loaded by startTracing, and only when tracing is on.
export * from './start-tracing';
export * from './tracer';
