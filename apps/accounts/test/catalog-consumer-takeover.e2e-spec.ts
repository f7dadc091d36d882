import { EVENT_STREAM, EVENT_SUBJECT_PREFIX } from '@tessera/contracts';
import { ensureEventStream } from '@tessera/events';
import { bootApp, eventually, publishEvent, startTestInfrastructure, type TestInfrastructure } from '@tessera/testing';
import { AckPolicy, connect, DeliverPolicy, type NatsConnection } from 'nats';
import { Client } from 'pg';
import { accountsApp } from '../src/accounts.app';
import { CATALOG_EVENTS_CONSUMER, REPLACED_CONSUMERS } from '../src/events/catalog-events.consumer';

/** A durable consumer as an earlier version left it: every event up to the `count`-th acknowledged. */
async function consumerAcknowledgedThrough(connection: NatsConnection, name: string, count: number): Promise<void> {
  const jsm = await connection.jetstreamManager();
  await jsm.consumers.add(EVENT_STREAM, {
    durable_name: name,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    filter_subject: `${EVENT_SUBJECT_PREFIX}.>`,
  });
  const consumer = await connection.jetstream().consumers.get(EVENT_STREAM, name);
  const messages = await consumer.fetch({ max_messages: count, expires: 5_000 });
  for await (const message of messages) await message.ackAck();
  expect((await jsm.consumers.info(EVENT_STREAM, name)).ack_floor.stream_seq).toBe(count);
}

/** What each test starts from: a private NATS with the event stream and a fresh database, no accounts yet. */
interface Stage {
  infra: TestInfrastructure;
  connection: NatsConnection;
  db: Client;
}

/** Runs `test` on a new stage and removes it afterwards, whatever happens. */
async function onNewStage(test: (stage: Stage) => Promise<void>): Promise<void> {
  const infra = await startTestInfrastructure();
  const connection = await connect({ servers: infra.nats.url });
  const db = new Client({ connectionString: infra.database.url });
  await db.connect();
  try {
    await ensureEventStream(await connection.jetstreamManager());
    await test({ infra, connection, db });
  } finally {
    await db.end();
    await connection.close();
    await infra.teardown();
  }
}

describe('accounts: the one consumer of every event (audit log and webhooks)', () => {
  it('takes over from the two consumers it replaced after the lower of their positions, and retires them', () =>
    onNewStage(async ({ infra, connection, db }) => {
      const jsm = await connection.jetstreamManager();
      const users = ['user_takeover0', 'user_takeover1', 'user_takeover2'];
      for (const userId of users) {
        await publishEvent(connection, { type: 'user.created', aggregateId: userId, payload: { userId } });
      }
      const [logged, hooked] = REPLACED_CONSUMERS;
      await consumerAcknowledgedThrough(connection, logged, 2);
      await consumerAcknowledgedThrough(connection, hooked, 1);

      const accounts = await bootApp(accountsApp, infra.env());
      try {
        // Events arrive in order: once the last is logged, the first would have been too had it come again.
        const loggedUsers = await eventually(async () => {
          const { rows } = await db.query<{ aggregate_id: string }>(
            `SELECT aggregate_id FROM accounts.audit_log WHERE aggregate_id LIKE 'user_takeover%' ORDER BY 1`,
          );
          expect(rows.map((row) => row.aggregate_id)).toContain('user_takeover2');
          return rows.map((row) => row.aggregate_id);
        });
        expect(loggedUsers).toEqual(['user_takeover1', 'user_takeover2']);

        const names: string[] = [];
        for await (const info of jsm.consumers.list(EVENT_STREAM)) names.push(info.name);
        expect(names).toContain(CATALOG_EVENTS_CONSUMER);
        expect(names).not.toContain(logged);
        expect(names).not.toContain(hooked);
      } finally {
        await accounts.close();
      }

      // Restarted, it carries on from its own position: nothing comes twice.
      await publishEvent(connection, {
        type: 'user.created',
        aggregateId: 'user_takeover3',
        payload: { userId: 'user_takeover3' },
      });
      const again = await bootApp(accountsApp, infra.env());
      try {
        await eventually(async () => {
          const { rows } = await db.query(`SELECT 1 FROM accounts.audit_log WHERE aggregate_id = 'user_takeover3'`);
          expect(rows).toHaveLength(1);
        });
        const { rows } = await db.query(`SELECT count(*)::int AS n FROM accounts.audit_log`);
        expect(rows[0].n).toBe(3);
      } finally {
        await again.close();
      }
    }));

  it('handles the events that wait together, in one statement for several', () =>
    onNewStage(async ({ infra, connection, db }) => {
      // A backlog, as after an accounts outage or under load.
      const users = Array.from({ length: 20 }, (_, index) => `user_backlog${index}`);
      for (const userId of users) {
        await publishEvent(connection, { type: 'user.created', aggregateId: userId, payload: { userId } });
      }
      const accounts = await bootApp(accountsApp, infra.env());
      try {
        const rows = await eventually(async () => {
          // As text: to the microsecond, which a Date would round to the millisecond.
          const { rows } = await db.query<{ aggregate_id: string; recorded_at: string }>(
            `SELECT aggregate_id, recorded_at::text FROM accounts.audit_log WHERE aggregate_id LIKE 'user_backlog%'`,
          );
          expect(rows).toHaveLength(users.length);
          return rows;
        });
        // recorded_at is now(): the start of the statement's transaction, the same for every row it wrote.
        const statements = new Set(rows.map((row) => row.recorded_at));
        expect(statements.size).toBeLessThan(users.length / 2);
      } finally {
        await accounts.close();
      }
    }));
});
