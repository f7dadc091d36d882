import { createApp, createUser, REDIRECT_URI, type TestApp, type TestUser } from './support/admin-fixtures';
import { CodeFlow, tokenRequest } from './support/code-flow';
import { halfWrittenRecords, outboxBacklog, unknownRefreshTokens } from './support/integrity';
import { SignInLoad, type RequestRecord } from './support/sign-in-load';
import { REQUEST_TIMEOUT_MS, SERVICES, startThrowawayStack, type ThrowawayStack } from './support/throwaway-stack';
import { eventually } from '@tessera/testing';
import { describeFailures, saveFigures, sleep } from './support/timeline';

const WORKERS = 4;
/** How long the load runs on after each kill before the next. */
const AFTER_KILL_MS = 3000;
/**
 * A request that started up to this long after a kill may still have been routed to the dead process: the NATS
 * server drops a process's subscriptions when it sees the socket close, which takes it a moment under load.
 */
const ROUTING_SLACK_MS = 500;
/** Wide, so that "within the grace window" does not depend on this machine's speed (the rule, not the default). */
const GRACE_SECONDS = 10;

/**
 * Faults, part 2: two replicas of each service. Races that replicas make possible (one code redeemed twice, one
 * refresh token used many times at once, one email address created many times at once) resolve as documented;
 * then one replica of each service is killed with SIGKILL in turn under load: only the requests in flight on
 * the killed process may fail, and cleanly, and the database holds nothing half-written.
 */
describe('two replicas of each service', () => {
  let stack: ThrowawayStack;
  let app: TestApp;
  let users: TestUser[];

  beforeAll(async () => {
    stack = await startThrowawayStack({
      name: 'replicas',
      replicas: 2,
      env: { REFRESH_REUSE_GRACE_SECONDS: String(GRACE_SECONDS) },
    });
    app = await createApp(stack, 'Replicas RP');
    users = [];
    for (let index = 0; index < WORKERS + 1; index++) users.push(await createUser(stack, `replica${index}`));
  }, 180_000);

  afterAll(() => stack?.teardown(), 60_000);

  describe('concurrency', () => {
    /** How each race of two redemptions ended: how many of the two got a 200. */
    const redemptionOutcomes: Record<string, number> = {};
    afterAll(() => saveFigures('concurrency', { redemptionRounds: redemptionOutcomes }));
    let flow: CodeFlow;
    beforeAll(() => {
      flow = new CodeFlow(stack.issuer, app, users[WORKERS]);
    });

    const redeem = (code: string, verifier: string) =>
      tokenRequest(stack.issuer, app, {
        grant_type: 'authorization_code',
        code,
        redirect_uri: REDIRECT_URI,
        code_verifier: verifier,
      }).then(async (response) => ({
        status: response.status,
        body: (await response.json()) as Record<string, string>,
      }));

    const tokenInfo = async (token: string) => {
      const response = await fetch(`${stack.issuer}/oauth/token_info`, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${app.clientId}:${app.clientSecret}`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({ token }).toString(),
      });
      return (await response.json()) as { active: boolean };
    };

    it('issues tokens at most once for two simultaneous redemptions of one code, and none that work', async () => {
      for (let round = 0; round < 5; round++) {
        const { code, verifier } = await flow.code();
        const answers = await Promise.all([redeem(code, verifier), redeem(code, verifier)]);
        const issued = answers.filter((answer) => answer.status === 200);
        const outcome = `${issued.length} of 2 answered 200`;
        redemptionOutcomes[outcome] = (redemptionOutcomes[outcome] ?? 0) + 1;
        expect(issued.length).toBeLessThanOrEqual(1);
        for (const refused of answers.filter((answer) => answer.status !== 200)) {
          expect(refused).toEqual({
            status: 400,
            body: {
              error: 'invalid_grant',
              error_description: 'The authorization code is invalid, expired or already used',
            },
          });
        }
        // RFC 6749 §4.1.2: the code was used twice, so whatever the first use issued is revoked.
        // The token service decides refresh tokens at once; the userinfo service learns of the revocation of a
        // JWT access token from the `oauth_token.revoked` event, within the outbox relay's lag (docs/userinfo.md).
        for (const { body } of issued) {
          const refresh = await tokenRequest(stack.issuer, app, {
            grant_type: 'refresh_token',
            refresh_token: body.refresh_token,
          });
          expect(refresh.status).toBe(400);
          await eventually(async () => {
            expect(await tokenInfo(body.access_token)).toMatchObject({ active: false });
          }, 5000);
        }
      }
    });

    it('answers every one of simultaneous refreshes of one token with the same successor (grace window)', async () => {
      for (let round = 0; round < 3; round++) {
        const first = await flow.tokens();
        const answers = await Promise.all(
          Array.from({ length: 8 }, () =>
            tokenRequest(stack.issuer, app, { grant_type: 'refresh_token', refresh_token: first.refresh_token }).then(
              async (response) => ({
                status: response.status,
                body: (await response.json()) as Record<string, string>,
              }),
            ),
          ),
        );
        expect(answers.map((answer) => answer.status)).toEqual(answers.map(() => 200));
        for (const answer of answers) expect(answer.body).toEqual(answers[0].body);
        expect(answers[0].body.refresh_token).not.toBe(first.refresh_token);
        // The family is intact: the successor works, once.
        expect(await tokenInfo(answers[0].body.access_token)).toMatchObject({ active: true });
        const next = await tokenRequest(stack.issuer, app, {
          grant_type: 'refresh_token',
          refresh_token: answers[0].body.refresh_token,
        });
        expect(next.status).toBe(200);
      }
    });

    it('creates one user when the same email address is posted many times at once', async () => {
      const email = `race-${Date.now().toString(36)}@example.com`;
      const answers = await Promise.all(
        Array.from({ length: 10 }, (_, index) =>
          stack
            .admin('/v1/users', {
              method: 'POST',
              body: JSON.stringify({
                email_address: [index % 2 ? email : email.toUpperCase()],
                password: 'a race to create',
              }),
            })
            .then(async (response) => ({ status: response.status, body: (await response.json()) as unknown })),
        ),
      );
      expect(answers.map((answer) => answer.status).sort()).toEqual([200, 422, 422, 422, 422, 422, 422, 422, 422, 422]);
      for (const answer of answers.filter((candidate) => candidate.status === 422)) {
        expect(answer.body).toMatchObject({ errors: [{ code: 'form_identifier_exists' }] });
      }
      expect(
        await stack.sql('SELECT user_id FROM accounts.email_addresses WHERE lower(email) = lower($1)', [email]),
      ).toHaveLength(1);
    });
  });

  describe('kill -9 one replica of each service under load', () => {
    let load: SignInLoad;
    const kills: Array<{ name: string; at: number }> = [];

    beforeAll(async () => {
      load = new SignInLoad({ issuer: stack.issuer, app, users: users.slice(0, WORKERS), deadlineMs: 15_000 }).start();
      await load.completedFlows(2, 60_000);
      for (const service of SERVICES) {
        const victim = stack.processes.find((process) => process.app === service && process.replica === 1);
        if (!victim) throw new Error(`no first replica of ${service}`);
        kills.push({ name: victim.name, at: Date.now() });
        await stack.kill(victim);
        await sleep(AFTER_KILL_MS);
      }
      await load.stop();
    }, 120_000);

    afterAll(async () => {
      await load?.stop();
      saveFigures('replicas', figures(load?.records ?? [], kills));
    });

    /** The kill a request may have been caught by: it was in flight (or routed) when that process died. */
    const caughtBy = (record: RequestRecord) =>
      kills.find((kill) => record.startedAt < kill.at + ROUTING_SLACK_MS && record.endedAt >= kill.at);

    it('fails only requests in flight on a killed process, each with a clean 503', () => {
      expect(describeFailures(load.records)).toEqual([]);
      const refusedElsewhere = load.records.filter((record) => record.outcome !== 'ok' && !caughtBy(record));
      expect(refusedElsewhere).toEqual([]);
      for (const record of load.records.filter((candidate) => candidate.outcome !== 'ok')) {
        expect(record.endedAt - record.startedAt).toBeLessThanOrEqual(REQUEST_TIMEOUT_MS + 1000);
      }
      // The load went on after every kill.
      for (const kill of kills) {
        expect(
          load.records.filter((record) => record.startedAt > kill.at + 1000 && record.outcome === 'ok').length,
        ).toBeGreaterThan(0);
      }
    });

    it('keeps every other process running', () => {
      expect(stack.unexpectedExits()).toEqual([]);
      expect(
        stack
          .alive()
          .map((process) => process.name)
          .sort(),
      ).toEqual(
        stack.processes
          .filter((process) => !kills.some((kill) => kill.name === process.name))
          .map((process) => process.name)
          .sort(),
      );
    });

    it('leaves no grant, consent, user or application half-written, and loses none that a client received', async () => {
      const halfWritten = await halfWrittenRecords(stack);
      expect(Object.entries(halfWritten).filter(([, rows]) => rows.length > 0)).toEqual([]);
      expect(
        await unknownRefreshTokens(
          stack,
          load.issued.map((tokens) => tokens.refreshToken),
        ),
      ).toEqual([]);
      const consented = await stack.sql<{ user_id: string }>(
        'SELECT user_id FROM authorize.consents WHERE client_id = $1',
        [app.clientId],
      );
      expect(consented.map((row) => row.user_id).sort()).toEqual(users.map((user) => user.id).sort());
      // Events committed before a kill still leave (another replica's relay takes over the outbox).
      await eventually(async () => {
        expect(await outboxBacklog(stack)).toEqual({ accounts: 0, registry: 0, authorize: 0, token: 0 });
      }, 15_000);
    });
  });
});

/** Per kill: what was in flight, what was refused, how long the refusals took. */
function figures(records: RequestRecord[], kills: Array<{ name: string; at: number }>) {
  return {
    requests: records.length,
    failed: records.filter((record) => record.outcome === 'failed').length,
    kills: kills.map((kill) => {
      const caught = records.filter((record) => record.startedAt < kill.at && record.endedAt >= kill.at);
      const refused = records.filter(
        (record) =>
          record.outcome === 'unavailable' &&
          record.startedAt < kill.at + ROUTING_SLACK_MS &&
          record.endedAt >= kill.at,
      );
      return {
        killed: kill.name,
        /** Requests in flight anywhere in the stack at the kill. */
        inFlight: caught.length,
        /** Those refused with a 503: they were on (or routed to) the killed process. */
        refused: refused.length,
        /** Refused requests that started after the kill (routed to the dead process before NATS noticed). */
        refusedStartedAfterKill: refused
          .filter((record) => record.startedAt >= kill.at)
          .map((record) => `${record.step}, ${record.startedAt - kill.at} ms after the kill`),
        slowestRefusalMs: Math.max(0, ...refused.map((record) => record.endedAt - record.startedAt)),
      };
    }),
  };
}
