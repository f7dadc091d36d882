import { startNatsServer, type TestNatsServer } from '@tessera/testing';
import { connect, type NatsConnection, type Subscription } from 'nats';
import { createLogger } from '@tessera/logging';
import { connectNats, TesseraNatsServer } from '../src';

/** Counts the writes a connection hands to its socket (nats.js's transport `send`, one socket write each). */
function countWrites(connection: NatsConnection): { count: number } {
  const transport = (connection as unknown as { protocol: { transport: { send(frame: Uint8Array): void } } }).protocol
    .transport;
  const counter = { count: 0 };
  const send = transport.send.bind(transport);
  transport.send = (frame) => {
    counter.count += 1;
    send(frame);
  };
  return counter;
}

/** Publishes `count` messages, each from its own immediate callback: separate callbacks of one event-loop turn. */
function publishInSeparateCallbacks(connection: NatsConnection, subject: string, count: number): Promise<void> {
  const published = Array.from(
    { length: count },
    (_, index) =>
      new Promise<void>((resolve) =>
        setImmediate(() => {
          connection.publish(subject, String(index));
          resolve();
        }),
      ),
  );
  return Promise.all(published).then(() => undefined);
}

/** Collects the payloads a subscription receives until it has `count` of them. */
async function received(subscription: Subscription, count: number): Promise<string[]> {
  const payloads: string[] = [];
  for await (const message of subscription) {
    payloads.push(message.string());
    if (payloads.length === count) break;
  }
  return payloads;
}

describe("coalesceWritesPerTurn (connectNats and the services' TesseraNatsServer)", () => {
  let nats: TestNatsServer;
  let listener: NatsConnection;

  beforeAll(async () => {
    nats = await startNatsServer();
    listener = await connect({ servers: nats.url });
  });

  afterAll(async () => {
    await listener.close();
    await nats.destroy();
  });

  async function subscribed(subject: string): Promise<Subscription> {
    const subscription = listener.subscribe(subject);
    await listener.flush();
    return subscription;
  }

  /**
   * Publishes `count` messages on `connection` from separate callbacks of one turn; resolves with what the
   * listener received and how many socket writes it took. Closes the connection.
   */
  async function publishedInOneTurn(
    connection: NatsConnection,
    subject: string,
    count: number,
  ): Promise<{ payloads: string[]; writes: number }> {
    await connection.flush();
    const subscription = await subscribed(subject);
    const writes = countWrites(connection);
    await publishInSeparateCallbacks(connection, subject, count);
    const payloads = await received(subscription, count);
    await connection.close();
    return { payloads, writes: writes.count };
  }

  it('sends what separate callbacks of one turn publish in one write, in order', async () => {
    const connection = await connectNats(nats.url, 'coalescing-test');

    expect(await publishedInOneTurn(connection, 'coalesce.turn', 20)).toEqual({
      payloads: Array.from({ length: 20 }, (_, index) => String(index)),
      writes: 1,
    });
  });

  it("holds for the connection a service's TesseraNatsServer answers on", async () => {
    const server = new TesseraNatsServer(
      { url: nats.url, queue: 'coalescing-test', connectionName: 'coalescing-server' },
      createLogger('test', 'silent'),
    );
    const connection = (await server.createNatsClient()) as NatsConnection;

    expect(await publishedInOneTurn(connection, 'coalesce.server', 5)).toMatchObject({ writes: 1 });
  });

  it('is what makes the difference: a plain nats.js connection writes once per callback', async () => {
    const connection = await connect({ servers: nats.url });

    expect(await publishedInOneTurn(connection, 'coalesce.plain', 20)).toMatchObject({ writes: 20 });
  });

  it('writes at once, without waiting for the turn to end, past 32 KiB pending', async () => {
    const connection = await connectNats(nats.url, 'coalescing-test');
    await connection.flush();
    const subscription = await subscribed('coalesce.large');
    const writes = countWrites(connection);

    const payload = 'x'.repeat(20 * 1024);
    connection.publish('coalesce.large', payload);
    expect(writes.count).toBe(0);
    connection.publish('coalesce.large', payload);
    expect(writes.count).toBe(1);

    expect(await received(subscription, 2)).toEqual([payload, payload]);
    await connection.close();
  });

  it('writes what is still waiting when the connection closes', async () => {
    const connection = await connectNats(nats.url, 'coalescing-test');
    await connection.flush();
    const subscription = await subscribed('coalesce.close');

    connection.publish('coalesce.close', 'last words');
    await connection.close();

    expect(await received(subscription, 1)).toEqual(['last words']);
  });

  it('keeps request/reply working: a reply published in a later turn still arrives', async () => {
    const responder = await connectNats(nats.url, 'coalescing-responder');
    responder.subscribe('coalesce.echo', {
      callback: (_error, message) => setTimeout(() => message.respond(message.data), 5),
    });
    await responder.flush();
    const requester = await connectNats(nats.url, 'coalescing-requester');

    const replies = await Promise.all(
      ['a', 'b', 'c'].map(async (text) => (await requester.request('coalesce.echo', text)).string()),
    );

    expect(replies).toEqual(['a', 'b', 'c']);
    await requester.close();
    await responder.close();
  });
});
