import { TOKEN_JWKS_GET, eventCatalog, type PublicJwk } from '@tessera/contracts';
import { ensureEventStream } from '@tessera/events';
import { connectNats } from '@tessera/nats';
import { bootApp, startTestInfrastructure, type TestInfrastructure } from '@tessera/testing';
import type { NatsConnection } from 'nats';
import { randomUUID } from 'node:crypto';
import { gatewayApp } from '../../gateway.app';
import type { RunningGateway } from '../../gateway.bootstrap';

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const jwk = (kid: string): PublicJwk => ({ kty: 'RSA', kid, use: 'sig', alg: 'RS256', n: 'AQAB', e: 'AQAB' });

/**
 * A stand-in for the token service's `token.jwks.get.v1` (in Nest's wire format), answering whatever keys the test
 * says the token service publishes right now. The full stack is covered by e2e/src/token.
 */
async function startJwksResponder(natsUrl: string) {
  let keys: PublicJwk[] = [];
  const connection = await connectNats(natsUrl, 'test-token');
  connection.subscribe(TOKEN_JWKS_GET, {
    queue: 'token',
    callback: (_error, message) => {
      const { id } = JSON.parse(decoder.decode(message.data)) as { id: string };
      message.respond(encoder.encode(JSON.stringify({ id, isDisposed: true, response: { keys } })));
    },
  });
  await connection.flush();
  return {
    connection,
    publish(next: PublicJwk[]) {
      keys = next;
    },
  };
}

describe('gateway: the JWKS cache drops its copy when a signing key is rotated', () => {
  let infra: TestInfrastructure;
  let gateway: RunningGateway;
  let token: Awaited<ReturnType<typeof startJwksResponder>>;
  let publisher: NatsConnection;

  beforeAll(async () => {
    infra = await startTestInfrastructure();
    token = await startJwksResponder(infra.nats.url);
    // A cache that would otherwise hold the JWKS for an hour.
    gateway = await bootApp(
      gatewayApp,
      infra.env({ ISSUER: 'https://id.example.com', ADMIN_API_KEY: 'a'.repeat(40), JWKS_CACHE_SECONDS: '3600' }),
    );
    publisher = await connectNats(infra.nats.url, 'test-token-relay');
    await ensureEventStream(await publisher.jetstreamManager());
  });

  afterAll(async () => {
    await gateway?.close();
    await publisher?.close();
    await token?.connection.close();
    await infra?.teardown();
  });

  /** The kids the gateway serves, or the status it answered instead (while NATS reconnects, say). */
  const servedKids = async (): Promise<string[] | number> => {
    const response = await fetch(`${gateway.url}/.well-known/jwks.json`);
    if (response.status !== 200) return response.status;
    return ((await response.json()) as { keys: PublicJwk[] }).keys.map((key) => key.kid);
  };

  /** Asks until the gateway serves `expected` (the change is asynchronous), for up to 10 s; answers the last. */
  async function eventuallyServed(expected: string[]): Promise<string[] | number> {
    const deadline = Date.now() + 10_000;
    let served = await servedKids();
    while (JSON.stringify(served) !== JSON.stringify(expected) && Date.now() < deadline) {
      await pause(50);
      served = await servedKids();
    }
    return served;
  }

  /** What the token service's outbox relay sends after a rotation commits. */
  async function announceRotation(kid: string) {
    const envelope = {
      id: randomUUID(),
      type: 'signing_key.rotated',
      occurredAt: new Date().toISOString(),
      actor: { type: 'admin', id: null },
      aggregateId: kid,
      payload: { kid, alg: 'RS256' },
    };
    const subject = eventCatalog['signing_key.rotated'].subject;
    await publisher.jetstream().publish(subject, encoder.encode(JSON.stringify(envelope)), { msgID: envelope.id });
  }

  it('serves the cached JWKS until a rotation is announced, then the new one', async () => {
    token.publish([jwk('kid-1')]);
    expect(await servedKids()).toEqual(['kid-1']);

    // The token service rotated, but nobody said so yet: the cached copy is still served.
    token.publish([jwk('kid-2'), jwk('kid-1')]);
    expect(await servedKids()).toEqual(['kid-1']);

    await announceRotation('kid-2');
    expect(await eventuallyServed(['kid-2', 'kid-1'])).toEqual(['kid-2', 'kid-1']);
  });

  it('drops its copy after a NATS outage, in which a rotation may have gone unheard', async () => {
    token.publish([jwk('kid-3'), jwk('kid-2')]);
    expect(await servedKids()).toEqual(['kid-2', 'kid-1']);

    await infra.nats.stop();
    await infra.nats.restart();
    expect(await eventuallyServed(['kid-3', 'kid-2'])).toEqual(['kid-3', 'kid-2']);
  });
});
