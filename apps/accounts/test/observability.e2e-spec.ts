import { ACCOUNTS_AUDIT_LOG_LIST } from '@tessera/contracts';
import { bootApp, connectTestRpc, startTestInfrastructure, type TestInfrastructure } from '@tessera/testing';
import type { AddressInfo } from 'node:net';
import { accountsApp } from '../src/accounts.app';
import { UserService } from '../src/users/user.service';
import { uniqueEmail } from './accounts-harness';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `read` until `done` holds for what it answers (or the time is up), and answers the last reading. */
async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!done(value) && Date.now() < deadline) {
    await pause(100);
    value = await read();
  }
  return value;
}

describe('accounts: metrics and readiness follow the dependencies', () => {
  let infra: TestInfrastructure;
  let service: Awaited<ReturnType<typeof accountsApp.start>>;
  let probes: string;

  const readiness = async () => {
    const response = await fetch(`${probes}/readyz`);
    return { status: response.status, body: (await response.json()) as { checks: Record<string, string> } };
  };
  const relayLag = async () => {
    const text = await (await fetch(`${probes}/metrics`)).text();
    const line = text.split('\n').find((row) => row.startsWith('tessera_event_relay_lag_seconds{'));
    return Number(line?.split(' ')[1]);
  };

  beforeAll(async () => {
    infra = await startTestInfrastructure();
    service = await bootApp(accountsApp, infra.env());
    probes = `http://127.0.0.1:${(service.healthServer.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await service?.close();
    await infra?.teardown();
  });

  it('reports an empty outbox and ready dependencies', async () => {
    expect(await relayLag()).toBe(0);
    expect(await readiness()).toEqual({
      status: 200,
      body: { status: 'ready', checks: { nats: 'ok', postgres: 'ok' } },
    });
  });

  it('shows the relay lag growing and readiness failing while NATS is down, and both recovering after', async () => {
    await infra.nats.stop();
    const notReady = await until(readiness, ({ status }) => status === 503);
    expect(notReady.status).toBe(503);
    expect(notReady.body.checks.postgres).toBe('ok');
    expect(notReady.body.checks.nats).not.toBe('ok');

    // A change still commits (Postgres is up); its event waits in the outbox.
    const user = await service.app.get(UserService).create({ emailAddresses: [uniqueEmail('outage')] });
    expect(await until(relayLag, (lag) => lag > 0)).toBeGreaterThan(0);

    await infra.nats.restart();
    expect(await until(relayLag, (lag) => lag === 0)).toBe(0);
    expect((await until(readiness, ({ status }) => status === 200)).status).toBe(200);

    // The event went out after all, and the service's own consumers picked it up once NATS was back.
    const client = await connectTestRpc(infra.nats.url);
    const logged = await until(
      () => client.rpc.send(ACCOUNTS_AUDIT_LOG_LIST, { userId: user.id }),
      (page) => page.totalCount === 1,
    );
    await client.close();
    expect(logged.data.map((entry) => entry.type)).toEqual(['user.created']);
  }, 60_000);
});
