import { startNatsServer, type TestNatsServer } from '@tessera/testing';
import { connect, ErrorCode, type NatsConnection, type NatsError } from 'nats';
import { JetStreamPublisher } from '../src';

const encoder = new TextEncoder();

const failure = (work: Promise<unknown>) =>
  work.then(
    () => undefined,
    (error: unknown) => error as NatsError,
  );

/** JetStream publishes through the publisher, against a real nats-server with JetStream. */
describe('JetStreamPublisher', () => {
  let nats: TestNatsServer;
  let connection: NatsConnection;
  let publisher: JetStreamPublisher;

  beforeAll(async () => {
    nats = await startNatsServer();
    connection = await connect({ servers: nats.url });
    const jsm = await connection.jetstreamManager();
    await jsm.streams.add({ name: 'PUBLISHER_TEST', subjects: ['stored.>'], duplicate_window: 60_000_000_000 });
    await jsm.streams.add({ name: 'SMALL_MESSAGES', subjects: ['small.>'], max_msg_size: 16 });
    publisher = new JetStreamPublisher(connection);
  });

  afterAll(async () => {
    await connection.drain();
    await nats.destroy();
  });

  it('stores a message once per message id, and says so in its acknowledgements', async () => {
    const first = await publisher.publish('stored.a', encoder.encode('one'), 'msg-1');
    const again = await publisher.publish('stored.a', encoder.encode('one'), 'msg-1');
    const other = await publisher.publish('stored.b', encoder.encode('two'), 'msg-2');

    expect(first).toEqual({ stream: 'PUBLISHER_TEST', seq: 1, duplicate: false });
    expect(again).toEqual({ stream: 'PUBLISHER_TEST', seq: 1, duplicate: true });
    expect(other).toEqual({ stream: 'PUBLISHER_TEST', seq: 2, duplicate: false });
    const jsm = await connection.jetstreamManager();
    expect((await jsm.streams.info('PUBLISHER_TEST')).state.messages).toBe(2);
    const stored = await jsm.streams.getMessage('PUBLISHER_TEST', { seq: 1 });
    expect(new TextDecoder().decode(stored.data)).toBe('one');
    expect(stored.header.get('Nats-Msg-Id')).toBe('msg-1');
  });

  it('keeps many publishes in flight at once apart', async () => {
    const acks = await Promise.all(
      Array.from({ length: 50 }, (_, index) =>
        publisher.publish(`stored.many.${index}`, encoder.encode('x'), `many-${index}`),
      ),
    );
    expect(new Set(acks.map((ack) => ack.seq)).size).toBe(50);
    expect(acks.every((ack) => !ack.duplicate)).toBe(true);
  });

  it('fails with NoResponders when no stream takes the subject', async () => {
    const error = await failure(publisher.publish('nowhere.a', encoder.encode('x'), 'msg-none'));
    expect(error?.code).toBe(ErrorCode.NoResponders);
  });

  it('fails with the stream’s own refusal, its API error attached', async () => {
    const error = await failure(publisher.publish('small.a', encoder.encode('x'.repeat(100)), 'msg-big'));
    expect(error?.message).toMatch(/size/i);
    expect(error?.api_error).toMatchObject({ code: expect.any(Number), description: error?.message });
  });

  it('fails with Timeout when the subject’s responder never answers', async () => {
    const silent = connection.subscribe('silent.a');
    const quick = new JetStreamPublisher(connection, 100);
    const error = await failure(quick.publish('silent.a', encoder.encode('x'), 'msg-silent'));
    expect(error?.code).toBe(ErrorCode.Timeout);
    silent.unsubscribe();
  });

  it('fails with JetStreamInvalidAck when the answer is not an acknowledgement', async () => {
    const impostor = connection.subscribe('impostor.>', {
      callback: (_error, message) =>
        message.respond(encoder.encode(message.subject === 'impostor.json' ? '{}' : 'nope')),
    });
    for (const subject of ['impostor.json', 'impostor.text']) {
      const error = await failure(publisher.publish(subject, encoder.encode('x'), `msg-${subject}`));
      expect(error?.code).toBe(ErrorCode.JetStreamInvalidAck);
    }
    impostor.unsubscribe();
  });
});
