import { launchStack, TESSERA_APPS, type LaunchedStack, type TesseraApp } from '@tessera/launcher';
import { freePort, startTestInfrastructure, type TestInfrastructure } from '@tessera/testing';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync } from 'node:fs';
import path from 'node:path';
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from './otlp-receiver';

/*
 * OpenTelemetry traces as an operator collects them. The stack of the global setup runs without
 * OTEL_EXPORTER_OTLP_ENDPOINT; this file launches the same build a second time, on its own NATS, database and
 * Redis namespace, with the variable pointing at a small OTLP/HTTP receiver, sends one request through the
 * gateway to userinfo and on to token, and reads the trace the three processes exported.
 */

const root = path.resolve(__dirname, '../../..');
const distDir = path.join(root, 'dist');
const SERVER = 2;
const CLIENT = 3;

/** The one span `matches` picks out, or a failure that lists what was received instead. */
function onlySpan(spans: ReceivedSpan[], description: string, matches: (span: ReceivedSpan) => boolean): ReceivedSpan {
  const found = spans.filter(matches);
  if (found.length !== 1) {
    const received = spans.map((span) => `${span.service}: ${span.name}`).join(', ');
    throw new Error(`expected one span ${description}, found ${found.length} among [${received}]`);
  }
  return found[0];
}

/**
 * Starts `app` from dist/ as its main.js would run, waits until its probe port answers, and lists the
 * @opentelemetry packages the process has loaded by then (from Node's own module cache).
 */
async function openTelemetryPackagesLoadedBy(app: TesseraApp, env: NodeJS.ProcessEnv): Promise<string[]> {
  const healthPort = await freePort();
  const probe = `
    const [main, readyUrl] = process.argv.slice(1);
    require(main);
    setTimeout(() => process.exit(2), 30000).unref();
    const report = () => {
      const packages = Object.keys(require.cache)
        .map((file) => /node_modules\\/(@opentelemetry\\/[^/]+)\\//.exec(file)?.[1])
        .filter(Boolean);
      process.stdout.write('loaded: ' + JSON.stringify([...new Set(packages)].sort()) + '\\n');
      process.exit(0);
    };
    const poll = () => fetch(readyUrl).then((r) => (r.ok ? report() : setTimeout(poll, 100)), () => setTimeout(poll, 100));
    poll();`;
  const child = spawn(
    process.execPath,
    ['-e', probe, path.join(distDir, 'apps', app, 'main.js'), `http://127.0.0.1:${healthPort}/healthz`],
    { env: { ...env, HEALTH_PORT: String(healthPort) }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  const line = output.split('\n').find((text) => text.startsWith('loaded: '));
  if (code !== 0 || !line) throw new Error(`${app} did not start (exit ${code}): ${output.slice(-2000)}`);
  return JSON.parse(line.slice('loaded: '.length)) as string[];
}

describe('OpenTelemetry traces', () => {
  let receiver: OtlpReceiver;
  let infrastructure: TestInfrastructure;
  let stack: LaunchedStack | undefined;
  let env: NodeJS.ProcessEnv;
  const token = `opaque-${randomBytes(16).toString('hex')}`;
  /** A client's own trace id, which the gateway must not adopt (TRUST_PROXY is off). */
  const clientTraceId = randomBytes(16).toString('hex');
  let status: number;

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    infrastructure = await startTestInfrastructure();
    const port = await freePort();
    const issuer = `http://127.0.0.1:${port}`;
    env = infrastructure.env({ PORT: String(port), ISSUER: issuer, LOG_LEVEL: 'warn' });
    const healthPorts = Object.fromEntries(
      await Promise.all(TESSERA_APPS.map(async (app) => [app, await freePort()] as const)),
    ) as Record<TesseraApp, number>;
    mkdirSync(path.join(root, 'tmp', 'e2e-logs'), { recursive: true });
    stack = await launchStack({
      distDir,
      env: { ...env, OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url },
      output: 'json',
      logStream: createWriteStream(path.join(root, 'tmp', 'e2e-logs', 'tracing.log')),
      healthPorts,
      readyUrl: `${issuer}/.well-known/openid-configuration`,
      readyTimeoutMs: 90_000,
    });
    const response = await fetch(`${issuer}/oauth/userinfo?probe=${token}`, {
      headers: { authorization: `Bearer ${token}`, traceparent: `00-${clientTraceId}-${'1'.repeat(16)}-01` },
    });
    status = response.status;
    // SIGTERM, as Kubernetes stops a pod: each process sends the spans it still holds on its way out.
    await stack.stop();
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
    await infrastructure?.teardown();
    await receiver?.close();
  });

  describe('with OTEL_EXPORTER_OTLP_ENDPOINT set', () => {
    it('records one trace from the gateway through userinfo to token, each span the child of the one before', () => {
      // An unknown opaque token: userinfo asks token, which does not know it.
      expect(status).toBe(401);
      const spans = receiver.spans();
      const http = onlySpan(spans, 'for the HTTP request', (span) => span.name === 'GET /oauth/userinfo');
      const trace = spans.filter((span) => span.traceId === http.traceId);
      const childOf = (parent: ReceivedSpan, service: string, kind: number, name: string) =>
        onlySpan(
          trace,
          `${name} in ${service}`,
          (span) =>
            span.parentSpanId === parent.spanId && span.service === service && span.kind === kind && span.name === name,
        );
      const gatewayRequest = childOf(http, 'gateway', CLIENT, 'send userinfo.userinfo.get.v1');
      const userinfoService = childOf(gatewayRequest, 'userinfo', SERVER, 'process userinfo.userinfo.get.v1');
      const userinfoRequest = childOf(userinfoService, 'userinfo', CLIENT, 'send token.token.introspect.v1');
      const tokenService = childOf(userinfoRequest, 'token', SERVER, 'process token.token.introspect.v1');

      expect(http).toMatchObject({ service: 'gateway', kind: SERVER });
      // A new trace, whatever the client said: its traceparent is followed only behind a trusted proxy.
      expect(http.parentSpanId).toBeUndefined();
      expect(http.traceId).not.toBe(clientTraceId);
      expect(http.attributes).toEqual({
        'http.request.method': 'GET',
        'http.route': '/oauth/userinfo',
        'http.response.status_code': 401,
      });
      expect(userinfoService.attributes).toEqual({
        'messaging.system': 'nats',
        'messaging.destination.name': 'userinfo.userinfo.get.v1',
        'messaging.operation.type': 'process',
        'tessera.rpc.outcome': 'invalid_token',
      });
      expect(gatewayRequest.attributes).toMatchObject({ 'tessera.rpc.outcome': 'invalid_token' });
      expect(tokenService.attributes).toMatchObject({ 'tessera.rpc.outcome': 'ok' });
      // A refused token is the client's error, not the server's: no span is marked as failed.
      expect(trace.map((span) => span.status.code ?? 0)).toEqual(trace.map(() => 0));
    });

    it('exports neither the token nor the query string', () => {
      expect(receiver.bodies().length).toBeGreaterThan(0);
      expect(receiver.bodies().join('\n')).not.toContain(token);
      expect(receiver.bodies().join('\n')).not.toContain('probe=');
    });
  });

  it('loads the OpenTelemetry SDK only when OTEL_EXPORTER_OTLP_ENDPOINT is set', async () => {
    expect(await openTelemetryPackagesLoadedBy('gateway', env)).toEqual(['@opentelemetry/api']);
    expect(
      await openTelemetryPackagesLoadedBy('gateway', { ...env, OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url }),
    ).toEqual(expect.arrayContaining(['@opentelemetry/exporter-trace-otlp-http', '@opentelemetry/sdk-trace-node']));
  });
});
