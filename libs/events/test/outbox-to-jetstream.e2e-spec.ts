import type { EventEnvelope } from '@tessera/contracts';
import { createServiceDataSource } from '@tessera/database';
import { createLogger } from '@tessera/logging';
import { startTestInfrastructure, type TestInfrastructure } from '@tessera/testing';
import { connect, type NatsConnection } from 'nats';
import pino from 'pino';
import type { DataSource } from 'typeorm';
import {
  ensureEventStream,
  EventPublisher,
  Outbox,
  outboxMigration,
  OutboxRelay,
  startEventConsumer,
  type RunningConsumer,
} from '../src';

const logger = createLogger('events-test', process.env.TEST_LOG_LEVEL ?? 'silent');
const SCHEMA = 'eventstest';

/** Collects what a durable consumer receives, and waits until given events have arrived. */
class Inbox {
  readonly events: EventEnvelope[] = [];
  async waitFor(ids: string[], timeoutMs = 10_000): Promise<EventEnvelope[]> {
    const deadline = Date.now() + timeoutMs;
    const arrived = () => ids.every((id) => this.events.some((event) => event.id === id));
    while (!arrived() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    return this.events;
  }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('outbox → JetStream → durable consumer', () => {
  let infra: TestInfrastructure;
  let dataSource: DataSource;
  let connection: NatsConnection;
  let relay: OutboxRelay;
  const outbox = new Outbox(SCHEMA);

  const recordUserCreated = (userId: string) =>
    dataSource.transaction((manager) =>
      outbox.add(manager, {
        type: 'user.created',
        actor: { type: 'admin', id: null },
        aggregateId: userId,
        payload: { userId },
      }),
    );

  beforeAll(async () => {
    infra = await startTestInfrastructure();
    dataSource = createServiceDataSource({
      url: infra.database.url,
      schema: SCHEMA,
      entities: [],
      migrations: [outboxMigration(SCHEMA, 1764200000000)],
      poolSize: 4,
    });
    await dataSource.initialize();
    await dataSource.query(`CREATE SCHEMA ${SCHEMA}`);
    await dataSource.runMigrations();
    connection = await connect({ servers: infra.nats.url, maxReconnectAttempts: -1, reconnectTimeWait: 100 });
    await ensureEventStream(await connection.jetstreamManager());
    relay = new OutboxRelay({
      dataSource,
      schema: SCHEMA,
      connection,
      logger,
      pollIntervalMs: 100,
    });
    relay.start();
  });

  afterAll(async () => {
    await relay.stop();
    await connection.close();
    await dataSource.destroy();
    await infra.teardown();
  });

  it('delivers each committed event once, in commit order, and never a rolled-back one', async () => {
    const inbox = new Inbox();
    const consumer = await startEventConsumer({
      connection,
      durableName: 'order-test',
      filterSubjects: ['events.accounts.user.created.v1'],
      handle: async (event) => void inbox.events.push(event),
      logger,
    });
    const first = await recordUserCreated('user_1');
    await expect(
      dataSource.transaction(async (manager) => {
        await outbox.add(manager, {
          type: 'user.created',
          actor: { type: 'admin', id: null },
          aggregateId: 'user_rolled_back',
          payload: { userId: 'user_rolled_back' },
        });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    const second = await recordUserCreated('user_2');
    relay.kick();

    const received = await inbox.waitFor([first.id, second.id]);
    await pause(300); // room for an unwanted duplicate or the rolled-back event
    expect(received.map((event) => event.id)).toEqual([first.id, second.id]);
    expect(received[0]).toMatchObject({ type: 'user.created', aggregateId: 'user_1', payload: { userId: 'user_1' } });
    expect(await relay.lagSeconds()).toBe(0);
    await consumer.stop();
  });

  it('keeps events written while NATS is down and publishes them when it returns', async () => {
    await infra.nats.stop();
    const written = await recordUserCreated('user_during_outage');
    relay.kick();
    await new Promise((r) => setTimeout(r, 500));
    const [{ count }] = await dataSource.query(`SELECT count(*)::int AS count FROM ${SCHEMA}.outbox`);
    expect(count).toBe(1);

    await infra.nats.restart();
    const deadline = Date.now() + 20_000;
    while ((await relay.lagSeconds()) > 0 && Date.now() < deadline) await pause(100);
    expect(await relay.lagSeconds()).toBe(0);
    const inbox = new Inbox();
    const consumer = await startEventConsumer({
      connection,
      durableName: 'outage-test',
      filterSubjects: ['events.accounts.user.created.v1'],
      handle: async (event) => void inbox.events.push(event),
      logger,
    });
    const received = await inbox.waitFor([written.id]);
    expect(received.map((event) => event.id)).toContain(written.id);
    await consumer.stop();
  });

  it('lets a restarted durable consumer catch up without duplicates', async () => {
    const inbox = new Inbox();
    let consumer: RunningConsumer = await startEventConsumer({
      connection,
      durableName: 'restart-test',
      filterSubjects: ['events.accounts.user.created.v1'],
      handle: async (event) => void inbox.events.push(event),
      logger,
    });
    const seen = await recordUserCreated('user_before_consumer_restart');
    relay.kick();
    await inbox.waitFor([seen.id]);
    await consumer.stop();

    const missed = await recordUserCreated('user_while_consumer_down');
    relay.kick();
    await pause(300);

    consumer = await startEventConsumer({
      connection,
      durableName: 'restart-test',
      filterSubjects: ['events.accounts.user.created.v1'],
      handle: async (event) => void inbox.events.push(event),
      logger,
    });
    const after = await inbox.waitFor([missed.id]);
    await pause(300);
    expect(after.at(-1)?.id).toBe(missed.id);
    expect(new Set(after.map((event) => event.id)).size).toBe(after.length);
    await consumer.stop();
  });

  it('delivers what wildcard filters match when a consumer has several filters, and nothing else', async () => {
    const inbox = new Inbox();
    // Several filters are matched in the consumer, not on the server (see startEventConsumer).
    const consumer = await startEventConsumer({
      connection,
      durableName: 'wildcard-test',
      filterSubjects: ['events.accounts.user.*.v1', 'events.registry.>'],
      handle: async (event) => void inbox.events.push(event),
      logger,
    });
    const created = await recordUserCreated('user_wildcard');
    await dataSource.transaction((manager) =>
      outbox.add(manager, {
        type: 'organization.created',
        actor: { type: 'admin', id: null },
        aggregateId: 'org_wildcard',
        payload: { organizationId: 'org_wildcard' },
      }),
    );
    const deleted = await dataSource.transaction((manager) =>
      outbox.add(manager, {
        type: 'user.deleted',
        actor: { type: 'admin', id: null },
        aggregateId: 'user_wildcard',
        payload: { userId: 'user_wildcard' },
      }),
    );
    relay.kick();

    // The organization's event was published between the two: it was passed over by the time the second came.
    const received = await inbox.waitFor([created.id, deleted.id]);
    expect(received.filter((event) => event.aggregateId.endsWith('_wildcard')).map((event) => event.type)).toEqual([
      'user.created',
      'user.deleted',
    ]);
    expect(received.filter((event) => !event.type.startsWith('user.'))).toEqual([]);
    await consumer.stop();
  });

  it('redelivers an event whose handling failed', async () => {
    const inbox = new Inbox();
    let attempts = 0;
    const flaky = await recordUserCreated('user_flaky');
    relay.kick();
    const consumer = await startEventConsumer({
      connection,
      durableName: 'retry-test',
      filterSubjects: ['events.accounts.user.created.v1'],
      handle: async (event) => {
        if (event.aggregateId === 'user_flaky' && attempts++ === 0) throw new Error('transient');
        inbox.events.push(event);
      },
      logger,
      retryDelayMs: 50,
    });
    const received = await inbox.waitFor([flaky.id]);
    expect(attempts).toBe(2);
    expect(received.map((event) => event.id)).toContain(flaky.id);
    await consumer.stop();
  });

  it('commits a change’s events with its actor, and logs one line per event only once it committed', async () => {
    const lines: Array<Record<string, unknown>> = [];
    const capturing = pino({ level: 'info' }, { write: (line: string) => void lines.push(JSON.parse(line)) });
    const publisher = new EventPublisher(dataSource, outbox, relay, capturing);
    const actor = { type: 'user' as const, id: 'user_actor' };
    const inbox = new Inbox();
    const consumer = await startEventConsumer({
      connection,
      durableName: 'commit-test',
      filterSubjects: ['events.accounts.organization.>'],
      handle: async (event) => void inbox.events.push(event),
      logger,
    });

    await expect(
      publisher.commit(async (_manager, record) => {
        await record({
          type: 'organization.created',
          aggregateId: 'org_rolled_back',
          payload: { organizationId: 'x' },
        });
        throw new Error('the change failed');
      }, actor),
    ).rejects.toThrow('the change failed');
    expect(lines).toEqual([]);

    const answer = await publisher.commit(async (_manager, record) => {
      await record({
        type: 'organization.created',
        aggregateId: 'org_commit',
        payload: { organizationId: 'org_commit' },
      });
      await record({
        type: 'organization.updated',
        aggregateId: 'org_commit',
        payload: { organizationId: 'org_commit' },
      });
      return 'the work’s answer';
    }, actor);
    expect(answer).toBe('the work’s answer');

    // The relay keeps commit order: had the rolled-back event been published, it would arrive first.
    const received = await inbox.waitFor(lines.map((line) => String(line.eventId)));
    const committed = received.filter((event) => ['org_commit', 'org_rolled_back'].includes(event.aggregateId));
    expect(committed.map((event) => [event.type, event.actor])).toEqual([
      ['organization.created', actor],
      ['organization.updated', actor],
    ]);
    expect(lines.map(({ msg, eventId, type, aggregateId }) => ({ msg, eventId, type, aggregateId }))).toEqual(
      committed.map((event) => ({
        msg: 'change committed',
        eventId: event.id,
        type: event.type,
        aggregateId: 'org_commit',
      })),
    );
    await consumer.stop();
  });

  it('refuses an event whose payload does not match the catalog', async () => {
    await expect(
      dataSource.transaction((manager) =>
        outbox.add(manager, {
          type: 'user.created',
          actor: { type: 'admin', id: null },
          aggregateId: 'x',
          payload: { notAUserId: true } as unknown as { userId: string },
        }),
      ),
    ).rejects.toThrow();
  });

  // Last: it stops the background relay to drive one by hand.
  it('deletes the events JetStream acknowledged when one in the batch fails, and holds back that aggregate’s later ones', async () => {
    await relay.stop();
    const first = await recordUserCreated('user_before_failure');
    const unpublishable = await recordUserCreated('user_failing');
    // A later event of the failing aggregate must wait behind it; another aggregate's need not.
    const sameAggregate = await dataSource.transaction((manager) =>
      outbox.add(manager, {
        type: 'user.updated',
        actor: { type: 'admin', id: null },
        aggregateId: 'user_failing',
        payload: { userId: 'user_failing' },
      }),
    );
    const otherAggregate = await recordUserCreated('user_after_failure');
    // No stream captures this subject: JetStream answers "no responders" for it.
    await dataSource.query(`UPDATE ${SCHEMA}.outbox SET subject = 'nostream.user.created' WHERE id = $1`, [
      unpublishable.id,
    ]);
    const manual = new OutboxRelay({ dataSource, schema: SCHEMA, connection, logger });

    await expect(manual.flush()).rejects.toThrow();

    const left: Array<{ id: string }> = await dataSource.query(`SELECT id FROM ${SCHEMA}.outbox ORDER BY seq`);
    expect(left.map((row) => row.id)).toEqual([unpublishable.id, sameAggregate.id]);
    const inbox = new Inbox();
    const consumer = await startEventConsumer({
      connection,
      durableName: 'partial-batch-test',
      filterSubjects: ['events.accounts.user.>'],
      handle: async (event) => void inbox.events.push(event),
      logger,
    });
    const delivered = (await inbox.waitFor([first.id, otherAggregate.id])).map((event) => event.id);
    expect(delivered).toEqual(expect.arrayContaining([first.id, otherAggregate.id]));
    expect(inbox.events.map((event) => event.id)).not.toContain(sameAggregate.id);
    await consumer.stop();
    await dataSource.query(`DELETE FROM ${SCHEMA}.outbox`);
  });

  // After the test above: the background relay is stopped.
  it('publishes nothing while another relay of the schema holds its lock, and everything once it is released', async () => {
    const written = await recordUserCreated('user_while_locked');
    const other = await dataSource.createQueryRunner();
    await other.connect();
    await other.startTransaction();
    await other.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`tessera-outbox:${SCHEMA}`]);
    const manual = new OutboxRelay({ dataSource, schema: SCHEMA, connection, logger });
    try {
      expect(await manual.flush()).toBe(0);
      expect(await dataSource.query(`SELECT id FROM ${SCHEMA}.outbox`)).toEqual([{ id: written.id }]);
    } finally {
      await other.rollbackTransaction();
      await other.release();
    }
    expect(await manual.flush()).toBe(1);
    expect(await dataSource.query(`SELECT id FROM ${SCHEMA}.outbox`)).toEqual([]);
  });

  // After the tests above: the background relay is stopped.
  it('holds the lock only during a batch, so that any replica’s relay can take the next one', async () => {
    const first = new OutboxRelay({ dataSource, schema: SCHEMA, connection, logger });
    const second = new OutboxRelay({ dataSource, schema: SCHEMA, connection, logger });
    await recordUserCreated('user_first_relay');
    expect(await first.flush()).toBe(1);
    const advisoryLocks = await dataSource.query(
      `SELECT pid FROM pg_locks WHERE locktype = 'advisory'
          AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
    );
    expect(advisoryLocks).toEqual([]);
    await recordUserCreated('user_second_relay');
    expect(await second.flush()).toBe(1);
    expect(await dataSource.query(`SELECT id FROM ${SCHEMA}.outbox`)).toEqual([]);
  });

  it('refuses a schema name it could not put in its statements as is', () => {
    expect(() => new OutboxRelay({ dataSource, schema: 'events"; DROP', connection, logger })).toThrow(
      /unsupported schema name/,
    );
  });
});
