import { Controller, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { INestMicroservice } from '@nestjs/common';
import {
  InvalidGrantError,
  InvalidRequestError,
  ServerError,
  TemporarilyUnavailableError,
  TOKEN_JWKS_GET,
  TOKEN_PING,
  TOKEN_TOKEN_INTROSPECT,
} from '@tessera/contracts';
import { createLogger, currentRequestContext, runWithRequestContext } from '@tessera/logging';
import { connectTestRpc, startNatsServer, type TestNatsServer } from '@tessera/testing';
import { directHandlersOf, RpcErrorFilter, TesseraNatsServer, Handles, type RpcClient } from '../src';

/** What the handlers below saw, so the test can check request-id propagation. */
const seenRequestIds: string[] = [];
/** The tokens the echoing introspection answered, in the order it answered them. */
const echoed: string[] = [];
let jwksBehaviour: 'ok' | 'oauth-error' | 'crash' | 'slow' = 'ok';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

@Controller()
class FakeTokenController {
  @Handles(TOKEN_PING)
  async ping() {
    seenRequestIds.push(currentRequestContext()?.requestId ?? 'none');
    return { service: 'token', pid: process.pid, uptimeSeconds: 1 };
  }

  @Handles(TOKEN_JWKS_GET)
  async jwks() {
    if (jwksBehaviour === 'oauth-error') throw new InvalidGrantError('the grant is gone');
    if (jwksBehaviour === 'crash') throw new Error('database password is hunter2');
    if (jwksBehaviour === 'slow') await new Promise((resolve) => setTimeout(resolve, 1500));
    return { keys: [] };
  }

  /**
   * A hint `echo:<ms>` makes the answer request-specific: after that many milliseconds, an active token whose
   * clientId is the token asked about. Anything else is inactive.
   */
  @Handles(TOKEN_TOKEN_INTROSPECT)
  async introspect({ token, tokenTypeHint }: { token: string; tokenTypeHint?: string }) {
    if (!tokenTypeHint?.startsWith('echo:')) return { active: false as const };
    await sleep(Number(tokenTypeHint.slice('echo:'.length)));
    echoed.push(token);
    return {
      active: true as const,
      tokenType: 'access_token' as const,
      format: 'opaque' as const,
      grantId: 'grant',
      clientId: token,
      userId: 'user',
      scopes: [],
      organizationId: null,
      audience: [],
      issuer: 'test',
      issuedAt: 0,
      expiresAt: 0,
    };
  }
}

@Module({ controllers: [FakeTokenController] })
class FakeTokenModule {}

// Both ways a service can answer: through Nest's microservice pipeline, and by calling the @Handles methods
// directly (what startService sets up); they must be indistinguishable to a caller.
describe.each(['through Nest', 'direct'] as const)('typed NATS request/reply (%s)', (mode) => {
  let nats: TestNatsServer;
  let service: INestMicroservice;
  let client: { rpc: RpcClient; close(): Promise<void> };
  const logger = createLogger('test', 'silent');
  const handled: Array<{ subject: string; outcome: string }> = [];
  let throughNest = 0;

  beforeAll(async () => {
    nats = await startNatsServer();
    const server = new TesseraNatsServer({ url: nats.url, queue: 'token', connectionName: 'token' }, logger);
    server.onHandled((subject, outcome) => handled.push({ subject, outcome }));
    service = await NestFactory.createMicroservice(FakeTokenModule, {
      strategy: server,
      logger: false,
    });
    service.useGlobalFilters(new RpcErrorFilter(logger));
    // Counts what passes through Nest's pipeline, to tell the two modes apart.
    service.useGlobalInterceptors({
      intercept: (_context: unknown, next: { handle(): unknown }) => {
        throughNest += 1;
        return next.handle();
      },
    } as never);
    if (mode === 'direct') {
      server.useDirectHandlers(directHandlersOf([service.get(FakeTokenController)]), { tracing: false });
    }
    await service.listen();
    client = await connectTestRpc(nats.url, 500);
  });

  afterAll(async () => {
    await client.close();
    await service.close();
    await nats.destroy();
  });

  beforeEach(() => {
    jwksBehaviour = 'ok';
  });

  it('returns the typed response', async () => {
    await expect(client.rpc.send(TOKEN_JWKS_GET, {})).resolves.toEqual({ keys: [] });
  });

  it(`answers ${mode === 'direct' ? 'without' : 'through'} Nest's microservice pipeline`, async () => {
    const before = throughNest;
    await client.rpc.send(TOKEN_JWKS_GET, {});
    expect(throughNest - before).toBe(mode === 'direct' ? 0 : 1);
  });

  it('carries the caller request id in a NATS header', async () => {
    await runWithRequestContext({ requestId: 'req-abc-123' }, () => client.rpc.send(TOKEN_PING, {}));
    expect(seenRequestIds).toContain('req-abc-123');
  });

  it('reports each answered request with its subject and outcome', async () => {
    handled.length = 0;
    await client.rpc.send(TOKEN_JWKS_GET, {});
    jwksBehaviour = 'oauth-error';
    await client.rpc.send(TOKEN_JWKS_GET, {}).catch(() => undefined);
    jwksBehaviour = 'crash';
    await client.rpc.send(TOKEN_JWKS_GET, {}).catch(() => undefined);
    expect(handled).toEqual([
      { subject: TOKEN_JWKS_GET, outcome: 'ok' },
      { subject: TOKEN_JWKS_GET, outcome: 'invalid_grant' },
      { subject: TOKEN_JWKS_GET, outcome: 'server_error' },
    ]);
  });

  it('rebuilds a thrown OAuth error as the same class with its description', async () => {
    jwksBehaviour = 'oauth-error';
    const error = await client.rpc.send(TOKEN_JWKS_GET, {}).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidGrantError);
    expect(error).toMatchObject({ code: 'invalid_grant', status: 400, description: 'the grant is gone' });
  });

  it('turns an unexpected error into server_error without its detail', async () => {
    jwksBehaviour = 'crash';
    const error = await client.rpc.send(TOKEN_JWKS_GET, {}).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ServerError);
    expect(JSON.stringify(error)).not.toContain('hunter2');
    expect((error as ServerError).description).toBe('The server encountered an unexpected condition');
  });

  it('rejects a payload that breaks the contract with invalid_request', async () => {
    const error = await client.rpc
      .send(TOKEN_JWKS_GET, { unexpected: true } as unknown as Record<string, never>)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect((error as InvalidRequestError).description).toMatch(/^Invalid message payload/);
  });

  it('refuses U+0000 anywhere in a payload with invalid_request, before the contract is consulted', async () => {
    await expect(client.rpc.send(TOKEN_TOKEN_INTROSPECT, { token: 'opaque' })).resolves.toEqual({ active: false });
    for (const request of [{ token: 'opa\u0000que' }, { token: 'opaque', tokenTypeHint: '\u0000' }]) {
      const error = await client.rpc.send(TOKEN_TOKEN_INTROSPECT, request).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(InvalidRequestError);
      expect((error as InvalidRequestError).description).toBe('Invalid message payload: it contains a NUL character');
    }
  });

  it('reports a request it cannot serialise as the local error it is, not as an outage', async () => {
    const unserialisable = { token: 'opaque', tokenTypeHint: 1n } as unknown as { token: string };
    const error = await client.rpc.send(TOKEN_TOKEN_INTROSPECT, unserialisable).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as TypeError).message).toMatch(/BigInt/);
  });

  it('answers a malformed packet with invalid_request and keeps serving', async () => {
    const { connection } = await connectTestRpc(nats.url);
    const reply = await connection.request(TOKEN_JWKS_GET, new TextEncoder().encode('{not json'), { timeout: 1000 });
    expect(JSON.parse(new TextDecoder().decode(reply.data))).toMatchObject({
      err: { error: 'invalid_request', status: 400 },
    });
    await connection.drain();
    await expect(client.rpc.send(TOKEN_JWKS_GET, {})).resolves.toEqual({ keys: [] });
  });

  it('maps a slow service to temporarily_unavailable', async () => {
    jwksBehaviour = 'slow';
    const error = await client.rpc.send(TOKEN_JWKS_GET, {}).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TemporarilyUnavailableError);
    expect(error).toMatchObject({ status: 503, description: 'The token service is temporarily unavailable' });
  });

  it('gives each of many concurrent requests its own answer, however the answers are ordered', async () => {
    // Answer delays vary from request to request, so the replies come back in a different order than asked.
    const tokens = Array.from({ length: 200 }, (_, index) => `concurrent-${index}`);
    const answers = await Promise.all(
      tokens.map((token, index) =>
        client.rpc.send(TOKEN_TOKEN_INTROSPECT, { token, tokenTypeHint: `echo:${(index * 37) % 53}` }),
      ),
    );
    expect(answers.map((answer) => (answer.active ? answer.clientId : 'inactive'))).toEqual(tokens);
  });

  it('drops a reply that comes after its request timed out, and answers the next request with its own', async () => {
    echoed.length = 0;
    // The client waits 500 ms: this reply comes at 800 ms, while the request below is still waiting for its own.
    const late = await client.rpc
      .send(TOKEN_TOKEN_INTROSPECT, { token: 'late', tokenTypeHint: 'echo:800' })
      .catch((caught: unknown) => caught);
    expect(late).toBeInstanceOf(TemporarilyUnavailableError);
    expect((late as TemporarilyUnavailableError).detail).toMatchObject({ reason: 'it did not answer in time' });
    const next = await client.rpc.send(TOKEN_TOKEN_INTROSPECT, { token: 'next', tokenTypeHint: 'echo:450' });
    expect(echoed).toEqual(['late', 'next']);
    expect(next).toMatchObject({ active: true, clientId: 'next' });
  });

  it('maps a subject nobody serves to temporarily_unavailable at once', async () => {
    const error = await client.rpc.send('accounts.health.ping.v1', {}).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TemporarilyUnavailableError);
    // NATS "no responders", not a timeout: the caller learns at once that nobody serves the subject.
    expect((error as TemporarilyUnavailableError).detail).toEqual({
      subject: 'accounts.health.ping.v1',
      reason: 'no instance is running',
    });
  });
});
