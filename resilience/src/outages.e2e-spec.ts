import { eventually } from '@tessera/testing';
import { createApp, createUser, type TestUser } from './support/admin-fixtures';
import { halfWrittenRecords, outboxBacklog, unknownRefreshTokens } from './support/integrity';
import { SignInLoad } from './support/sign-in-load';
import { REQUEST_TIMEOUT_MS, startThrowawayStack, type ThrowawayStack } from './support/throwaway-stack';
import { describeFailures, outageFigures, saveFigures, sleep, type OutageFigures } from './support/timeline';

const WORKERS = 4;
const DOWN_MS = 3000;
/** Every request, refused or not, is answered within this: the NATS request timeout (2 s here) + 1 s. */
const ANSWER_BOUND_MS = REQUEST_TIMEOUT_MS + 1000;
/** Within this of the dependency's return, requests succeed again. */
const RECOVERY_LIMIT_MS = 5000;

/**
 * Faults, part 1: under a steady load of sign-in flows and userinfo calls, NATS, then Redis, then Postgres go
 * away for three seconds each. While one is down, requests are refused quickly and cleanly (503
 * temporarily_unavailable, never a 500 or a hang) and no process dies; once it is back, requests succeed again
 * within five seconds with no restart of Tessera, and the events committed meanwhile still flow.
 */
describe('dependency outages under load', () => {
  let stack: ThrowawayStack;
  let load: SignInLoad;
  let users: TestUser[];
  let loadStartedAt = 0;
  let firstStop = 0;
  const outages: OutageFigures[] = [];

  beforeAll(async () => {
    stack = await startThrowawayStack({ name: 'outages', replicas: 1 });
    const app = await createApp(stack, 'Outage RP');
    users = [];
    for (let index = 0; index < WORKERS; index++) users.push(await createUser(stack, `outage${index}`));
    loadStartedAt = Date.now();
    load = new SignInLoad({ issuer: stack.issuer, app, users, deadlineMs: 15_000 }).start();
    await load.completedFlows(2, 60_000);
  }, 180_000);

  afterAll(async () => {
    await load?.stop();
    const records = load?.records ?? [];
    const beforeOutages = records.filter((record) => !firstStop || record.endedAt < firstStop);
    saveFigures('outages', {
      workers: WORKERS,
      requests: records.length,
      requestsPerSecondBeforeOutages: Math.round(
        (beforeOutages.length / Math.max(1, (firstStop || Date.now()) - loadStartedAt)) * 1000,
      ),
      outages,
    });
    await stack?.teardown();
  }, 60_000);

  it('serves the load before any outage', () => {
    expect(describeFailures(load.records)).toEqual([]);
    expect(load.records.filter((record) => record.outcome !== 'ok')).toEqual([]);
  });

  const dependencies = [
    { dependency: 'NATS', server: () => stack.nats, affected: () => stack.processes },
    { dependency: 'Redis', server: () => stack.redis, affected: () => byApp('token', 'authorize') },
    { dependency: 'Postgres', server: () => stack.postgres, affected: () => byApp('token', 'accounts') },
  ];
  const byApp = (...apps: string[]) => stack.processes.filter((process) => apps.includes(process.app));

  it.each(dependencies)(
    'refuses requests cleanly while $dependency is down, and serves them again within 5 s of its return',
    async ({ dependency, server, affected }) => {
      const stoppedAt = Date.now();
      firstStop ||= stoppedAt;
      await server().stop();
      await sleep(DOWN_MS / 2);
      const readinessWhileDown = await Promise.all(affected().map((process) => stack.readiness(process)));
      await sleep(stoppedAt + DOWN_MS - Date.now());
      const restartAt = Date.now();
      await server().restart();
      const backAt = Date.now();
      await sleep(RECOVERY_LIMIT_MS + 2000);
      const outage = outageFigures(load.records, { dependency, stoppedAt, restartAt, backAt }, Date.now());
      outages.push(outage);

      expect(describeFailures(load.records.filter((record) => record.endedAt > stoppedAt))).toEqual([]);
      expect(outage.refused).toBeGreaterThan(0);
      expect(outage.slowestAnswerMs).toBeLessThanOrEqual(ANSWER_BOUND_MS);
      expect(outage.recoveryMs).toBeLessThanOrEqual(RECOVERY_LIMIT_MS);
      expect(outage.succeededAfter).toBeGreaterThanOrEqual(WORKERS);
      // /readyz tells an orchestrator to route around the process meanwhile, and to route to it again after.
      expect(readinessWhileDown).toEqual(affected().map(() => 503));
      expect(await Promise.all(stack.processes.map((process) => stack.readiness(process)))).toEqual(
        stack.processes.map(() => 200),
      );
      expect(stack.unexpectedExits()).toEqual([]);
      expect(stack.alive()).toHaveLength(stack.processes.length);
    },
    60_000,
  );

  it('leaves nothing half-written, and loses no token a client received', async () => {
    await load.stop();
    const halfWritten = await halfWrittenRecords(stack);
    expect(Object.entries(halfWritten).filter(([, rows]) => rows.length > 0)).toEqual([]);
    expect(
      await unknownRefreshTokens(
        stack,
        load.issued.map((tokens) => tokens.refreshToken),
      ),
    ).toEqual([]);
  });

  describe('after the outages, events flow again', () => {
    let leaving: TestUser;
    beforeAll(async () => {
      await load.stop();
      [leaving] = users;
      const deleted = await stack.admin(`/v1/users/${leaving.id}`, { method: 'DELETE' });
      if (deleted.status !== 200) throw new Error(`deleting a user: ${deleted.status} ${await deleted.text()}`);
    });

    it('relays every committed event', async () => {
      await eventually(async () => {
        expect(await outboxBacklog(stack)).toEqual({ accounts: 0, registry: 0, authorize: 0, token: 0 });
      }, 15_000);
    });

    it("revokes a deleted user's grants (the token service's durable consumer survived the outages)", async () => {
      await eventually(async () => {
        expect(
          await stack.sql('SELECT id FROM token.grants WHERE user_id = $1 AND revoked_at IS NULL', [leaving.id]),
        ).toEqual([]);
      }, 15_000);
    });

    it("forgets a deleted user's consents (the authorize service's durable consumer survived the outages)", async () => {
      await eventually(async () => {
        expect(await stack.sql('SELECT id FROM authorize.consents WHERE user_id = $1', [leaving.id])).toEqual([]);
        // The user had consented under load; the deletion, not an absence of consents, emptied the table.
        const forgotten = await stack.sql(
          `SELECT actor FROM accounts.audit_log WHERE type = 'oauth_authorization.revoked' AND user_id = $1`,
          [leaving.id],
        );
        expect(forgotten).toEqual([{ actor: { type: 'admin', id: null } }]);
      }, 15_000);
    });
  });
});
