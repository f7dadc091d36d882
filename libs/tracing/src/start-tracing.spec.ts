import { startTracing } from './start-tracing';
import { tracer } from './tracer';

/** The @opentelemetry packages this test file has loaded so far. */
const loadedOpenTelemetryPackages = () =>
  [
    ...new Set(
      Object.keys(require.cache).flatMap((file) => /node_modules\/(@opentelemetry\/[^/]+)\//.exec(file)?.[1] ?? []),
    ),
  ].sort();

// In this order: the first test needs a registry without the SDK, the second loads it.
describe('startTracing', () => {
  it('without an endpoint, leaves tracing off at no cost: the SDK is never loaded and spans are not recorded', async () => {
    const tracing = startTracing('gateway', undefined);
    const span = tracer.startSpan('a request');
    expect(span.isRecording()).toBe(false);
    span.end();
    await tracing.shutdown();
    expect(loadedOpenTelemetryPackages()).toEqual(['@opentelemetry/api']);
  });

  it('with an endpoint, loads the SDK and records spans', async () => {
    const tracing = startTracing('gateway', 'http://127.0.0.1:4318');
    // Not ended, so that shutdown has nothing to send (the export itself is tested end to end, in e2e/).
    expect(tracer.startSpan('a request').isRecording()).toBe(true);
    await tracing.shutdown();
    expect(loadedOpenTelemetryPackages()).toEqual(
      expect.arrayContaining(['@opentelemetry/exporter-trace-otlp-http', '@opentelemetry/sdk-trace-node']),
    );
  });
});
