import { Controller, Module, type INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { TemporarilyUnavailableError, TOKEN_JWKS_GET, TOKEN_PING, TOKEN_TOKEN_INTROSPECT } from '@tessera/contracts';
import { createLogger } from '@tessera/logging';
import { connectTestRpc, startNatsServer, type TestNatsServer } from '@tessera/testing';
import { Handles, RpcErrorFilter, TesseraNatsServer, type RpcClient } from '../src';

@Controller()
class FakeTokenController {
  @Handles(TOKEN_PING)
  async ping() {
    return { service: 'token', pid: process.pid, uptimeSeconds: 1 };
  }

  /** What a handler meets when Redis is down (ioredis with the offline queue off). */
  @Handles(TOKEN_JWKS_GET)
  async jwks(): Promise<{ keys: [] }> {
    throw new Error("Stream isn't writeable and enableOfflineQueue options is false");
  }

  /** Never answers in a test's time; tells the test when a request has reached it. */
  @Handles(TOKEN_TOKEN_INTROSPECT)
  async introspect(): Promise<{ active: false }> {
    introspectionReached();
    await new Promise((resolve) => setTimeout(resolve, 1000));
    return { active: false };
  }
}

let introspectionReached: () => void = () => undefined;

@Module({ controllers: [FakeTokenController] })
class FakeTokenModule {}

const failure = (work: Promise<unknown>) =>
  work.then(
    () => undefined,
    (error: unknown) => error,
  );

/** NATS request/reply when a dependency is down: 503s, fast, and back to normal when it returns. */
describe('NATS request/reply during outages', () => {
  let nats: TestNatsServer;
  let service: INestMicroservice;
  let client: { rpc: RpcClient; close(): Promise<void> };
  const logger = createLogger('test', 'silent');

  beforeAll(async () => {
    nats = await startNatsServer();
    service = await NestFactory.createMicroservice(FakeTokenModule, {
      strategy: new TesseraNatsServer({ url: nats.url, queue: 'token', connectionName: 'token' }, logger),
      logger: false,
    });
    service.useGlobalFilters(new RpcErrorFilter(logger));
    await service.listen();
    // A timeout far beyond the test's own: a request that waited for it would fail the test.
    client = await connectTestRpc(nats.url, 60_000);
  });

  let natsDown = false;
  afterAll(async () => {
    // A failed outage test must not leave the client draining towards a stopped server.
    if (natsDown) await nats.restart();
    await client.close();
    await service.close();
    await nats.destroy();
  });

  it("answers temporarily_unavailable, not server_error, when the handler's dependency is down", async () => {
    const error = await failure(client.rpc.send(TOKEN_JWKS_GET, {}));
    expect(error).toBeInstanceOf(TemporarilyUnavailableError);
    expect(error).toMatchObject({ description: 'The token service is temporarily unavailable' });
  });

  it('fails the request a closing connection leaves waiting, at once, and every request after it', async () => {
    const closing = await connectTestRpc(nats.url, 60_000);
    const reached = new Promise<void>((resolve) => (introspectionReached = resolve));
    const waiting = failure(closing.rpc.send(TOKEN_TOKEN_INTROSPECT, { token: 'opaque' }));
    await reached;
    await closing.close();
    // With the client's 60 s timeout: this must not wait for it (the test's own timeout is 5 s).
    const error = await waiting;
    expect(error).toBeInstanceOf(TemporarilyUnavailableError);
    expect(error).toMatchObject({ detail: { reason: 'it did not answer in time' } });
    const after = await failure(closing.rpc.send(TOKEN_PING, {}));
    expect(after).toBeInstanceOf(TemporarilyUnavailableError);
    expect(after).toMatchObject({ detail: { reason: 'the message bus is unreachable' } });
  });

  it('fails at once while NATS is unreachable, and answers again once it is back', async () => {
    await expect(client.rpc.send(TOKEN_PING, {})).resolves.toMatchObject({ service: 'token' });
    await nats.stop();
    natsDown = true;
    // The client notices at once (the server's exit closes the socket); give it a few tries all the same.
    let reason: unknown;
    for (let attempt = 0; attempt < 50 && reason !== 'the message bus is unreachable'; attempt++) {
      const error = await failure(client.rpc.send(TOKEN_PING, {}, { timeoutMs: 100 }));
      reason = (error as { detail?: { reason?: string } } | undefined)?.detail?.reason;
    }
    expect(reason).toBe('the message bus is unreachable');
    // With the client's 60 s timeout: this must not wait for it (the test's own timeout is 20 s).
    const error = await failure(client.rpc.send(TOKEN_PING, {}));
    expect(error).toBeInstanceOf(TemporarilyUnavailableError);
    expect(error).toMatchObject({ detail: { reason: 'the message bus is unreachable' } });

    await nats.restart();
    natsDown = false;
    let answer: unknown;
    for (let attempt = 0; attempt < 100 && !answer; attempt++) {
      answer = await client.rpc.send(TOKEN_PING, {}, { timeoutMs: 500 }).catch(async () => {
        await new Promise((resolve) => setTimeout(resolve, 100));
        return undefined;
      });
    }
    expect(answer).toMatchObject({ service: 'token' });
  }, 20_000);
});
