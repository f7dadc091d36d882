import { EVENT_STREAM, type EventEnvelope } from '@tessera/contracts';
import { createLogger } from '@tessera/logging';
import { eventually, publishEvent, startNatsServer, type TestNatsServer } from '@tessera/testing';
import { connect, type JetStreamManager, type NatsConnection } from 'nats';
import { randomUUID } from 'node:crypto';
import { ensureEventStream, followEvents, type RunningConsumer } from '../src';

const logger = createLogger('events-test', process.env.TEST_LOG_LEVEL ?? 'silent');
const REVOKED_SUBJECT = 'events.token.oauth_token.revoked.v1';
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What one follower saw: the events' ids in order, its confirmations, its interruptions. */
class Follower {
  readonly handled: string[] = [];
  readonly confirmations: number[] = [];
  interruptions = 0;
  /** Events the stream acknowledged, with the moment the acknowledgement arrived here. */
  readonly published: { id: string; ackedAt: number }[] = [];
  /** Confirmations that claimed an event handled before it was. */
  readonly broken: string[] = [];
  throwOn?: string;
  running?: RunningConsumer;

  onEvent({ id }: EventEnvelope): void {
    this.handled.push(id);
    if (id === this.throwOn) throw new Error('the handler failed');
  }

  /** The promise a follower makes: every event the stream had acknowledged before `asOfMs` has been handled. */
  onCaughtUp(asOfMs: number): void {
    for (const event of this.published) {
      if (event.ackedAt < asOfMs && !this.handled.includes(event.id)) this.broken.push(event.id);
    }
    this.confirmations.push(asOfMs);
  }

  confirmedAfter(moment: number): boolean {
    return this.confirmations.some((asOf) => asOf > moment);
  }
}

describe('followEvents (an ordered consumer that says how far behind it may be)', () => {
  let nats: TestNatsServer;
  let connection: NatsConnection;
  let jsm: JetStreamManager;
  const followers: Follower[] = [];

  beforeAll(async () => {
    nats = await startNatsServer();
    connection = await connect({
      servers: nats.url,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 100,
    });
    jsm = await connection.jetstreamManager();
    await ensureEventStream(jsm);
  });

  afterAll(async () => {
    for (const follower of followers) await follower.running?.stop();
    await connection?.close();
    await nats?.destroy();
  });

  async function publishRevocation(follower?: Follower, subject = REVOKED_SUBJECT): Promise<string> {
    const grantId = `grant_${randomUUID()}`;
    const type = subject === REVOKED_SUBJECT ? 'oauth_token.revoked' : 'oauth_token.refreshed';
    const { id } = await publishEvent(connection, { type, aggregateId: grantId, payload: { grantId } });
    follower?.published.push({ id, ackedAt: Date.now() });
    return id;
  }

  async function follow(since: Date, probeIntervalMs = 50, follower = new Follower()): Promise<Follower> {
    followers.push(follower);
    follower.running = await followEvents({
      connection,
      filterSubject: REVOKED_SUBJECT,
      since,
      onEvent: (event) => follower.onEvent(event),
      onCaughtUp: (asOfMs) => follower.onCaughtUp(asOfMs),
      onInterrupted: () => (follower.interruptions += 1),
      logger,
      probeIntervalMs,
    });
    return follower;
  }

  it('replays the events since the given moment, in order, then the new ones, and confirms only what it handled', async () => {
    const before = await publishRevocation();
    await pause(20);
    const since = new Date();
    await pause(20);
    const follower = new Follower();
    const replayed = [await publishRevocation(follower), await publishRevocation(follower)];
    await publishRevocation(undefined, 'events.token.oauth_token.refreshed.v1'); // another subject

    const started = await follow(since, 50, follower);
    await eventually(async () => expect(started.confirmations.length).toBeGreaterThan(0));
    expect(started.handled).toEqual(replayed);
    expect(started.handled).not.toContain(before);

    const later = await publishRevocation(started);
    const publishedAt = Date.now();
    await eventually(async () => expect(started.confirmedAfter(publishedAt)).toBe(true));
    expect(started.handled).toEqual([...replayed, later]);
    expect(started.broken).toEqual([]);
  });

  it('keeps its promise while events arrive faster than it probes', async () => {
    const follower = await follow(new Date(), 5);
    await eventually(async () => expect(follower.confirmations.length).toBeGreaterThan(0));
    for (let i = 0; i < 200; i += 1) await publishRevocation(follower);
    const lastPublishedAt = Date.now();
    await eventually(async () => expect(follower.confirmedAfter(lastPublishedAt)).toBe(true));
    expect(follower.handled).toEqual(follower.published.map((event) => event.id));
    expect(follower.broken).toEqual([]);
  });

  it('confirms nothing while a backlog longer than one pull waits to be delivered', async () => {
    const since = new Date();
    const follower = new Follower();
    for (let i = 0; i < 500; i += 1) await publishRevocation(follower);
    await follow(since, 1, follower);
    const lastPublishedAt = Date.now();
    await eventually(async () => expect(follower.confirmedAfter(lastPublishedAt)).toBe(true));
    expect(follower.handled).toEqual(follower.published.map((event) => event.id));
    expect(follower.broken).toEqual([]);
  });

  it('counts an event whose handler threw as handled, and goes on', async () => {
    const follower = await follow(new Date());
    follower.throwOn = await publishRevocation(follower);
    const next = await publishRevocation(follower);
    const publishedAt = Date.now();
    await eventually(async () => expect(follower.confirmedAfter(publishedAt)).toBe(true));
    expect(follower.handled).toEqual([follower.throwOn, next]);
  });

  it('confirms nothing while the server is away, and again only once its recreated consumer has caught up', async () => {
    const follower = await follow(new Date());
    await eventually(async () => expect(follower.confirmations.length).toBeGreaterThan(0));

    await nats.stop();
    const stoppedAt = Date.now();
    await pause(600);
    expect(follower.confirmedAfter(stoppedAt)).toBe(false);

    await nats.restart();
    await eventually(() => jsm.streams.info(EVENT_STREAM), 30_000);
    const afterOutage = await publishRevocation(follower);
    const publishedAt = Date.now();
    await eventually(async () => expect(follower.confirmedAfter(publishedAt)).toBe(true), 30_000);
    expect(follower.handled).toContain(afterOutage);
    expect(follower.interruptions).toBeGreaterThan(0); // the restarted server had lost the consumer
    expect(follower.broken).toEqual([]);
  }, 45_000);

  it('removes its consumer from the server when stopped', async () => {
    const namesOf = async () => (await jsm.consumers.list(EVENT_STREAM).next()).map((info) => info.name);
    const before = await namesOf();
    const follower = await follow(new Date());
    const during = await namesOf();
    expect(during.length).toBe(before.length + 1);
    await follower.running?.stop();
    follower.running = undefined;
    expect(await namesOf()).toEqual(before);
  });
});
