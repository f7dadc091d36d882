import {
  InvalidClientError,
  REGISTRY_APPLICATION_DELETE,
  REGISTRY_APPLICATION_ROTATE_SECRET,
  REGISTRY_APPLICATION_UPDATE,
  REGISTRY_CLIENT_AUTHENTICATE,
  REGISTRY_CLIENT_GET,
  REGISTRY_CLIENT_REGISTER,
  type EventEnvelope,
} from '@tessera/contracts';
import type { RpcClient } from '@tessera/nats';
import {
  bootApp,
  connectTestRpc,
  EventInbox,
  startTestInfrastructure,
  type TestInfrastructure,
} from '@tessera/testing';
import type { AddressInfo } from 'node:net';
import { Client } from 'pg';
import { ClientCache } from '../src/applications/client-cache';
import { registryApp } from '../src/registry.app';
import { createApplication, rejection } from './registry-fixtures';

const admin = { type: 'admin', id: null };
const summary = (event: EventEnvelope) => ({
  type: event.type,
  actor: event.actor,
  aggregateId: event.aggregateId,
  payload: event.payload,
});

describe('client-registry: domain events', () => {
  let infra: TestInfrastructure;
  let replicas: Array<Awaited<ReturnType<typeof registryApp.start>>>;
  let client: Awaited<ReturnType<typeof connectTestRpc>>;
  let rpc: RpcClient;
  let db: Client;
  let inbox: EventInbox;

  beforeAll(async () => {
    infra = await startTestInfrastructure();
    // Two replicas in one queue group, as in a scaled deployment: either may handle a request.
    replicas = [await bootApp(registryApp, infra.env()), await bootApp(registryApp, infra.env())];
    client = await connectTestRpc(infra.nats.url);
    rpc = client.rpc;
    db = new Client({ connectionString: infra.database.url });
    await db.connect();
    // At the moment each event arrives, is its change committed? (The application is there, or gone.)
    inbox = await EventInbox.start(infra.nats.url, async (event) => {
      const { rowCount } = await db.query('SELECT 1 FROM registry.oauth_applications WHERE id = $1', [
        event.aggregateId,
      ]);
      return rowCount === 1;
    });
  });

  afterAll(async () => {
    await inbox?.stop();
    await client?.close();
    await db?.end();
    for (const replica of replicas ?? []) await replica.close();
    await infra?.teardown();
  });

  it('publishes an application’s events once each, in order, after each change committed', async () => {
    // Each change waits for the previous one's event, so that what the inbox observes in the database when an
    // event arrives (the row still there, or gone after the deletion) depends on that event alone.
    const { application, clientSecret } = await createApplication(rpc);
    await inbox.waitFor(application.id, 1);
    await rpc.send(REGISTRY_APPLICATION_UPDATE, { id: application.id, name: 'Renamed' });
    await inbox.waitFor(application.id, 2);
    const rotated = await rpc.send(REGISTRY_APPLICATION_ROTATE_SECRET, { id: application.id });
    await inbox.waitFor(application.id, 3);
    await rpc.send(REGISTRY_APPLICATION_DELETE, { id: application.id });

    const events = await inbox.waitFor(application.id, 4);
    const ref = { applicationId: application.id, clientId: application.clientId };
    expect(events.map(summary)).toEqual(
      [
        'oauth_application.created',
        'oauth_application.updated',
        'oauth_application.secret_rotated',
        'oauth_application.deleted',
      ].map((type) => ({ type, actor: admin, aggregateId: application.id, payload: ref })),
    );
    expect(new Set(events.map((event) => event.id)).size).toBe(4);
    const observed = inbox.received.filter(({ event }) => event.aggregateId === application.id).map((r) => r.observed);
    expect(observed).toEqual([true, true, true, false]);
    // Neither secret is anywhere in the events.
    expect(JSON.stringify(events)).not.toContain(String(clientSecret));
    expect(JSON.stringify(events)).not.toContain(rotated.clientSecret);
  });

  it('publishes nothing for a refused change', async () => {
    const { application } = await createApplication(rpc, { public: true });
    const refused = await rejection(rpc.send(REGISTRY_APPLICATION_ROTATE_SECRET, { id: application.id }));
    expect(refused).toMatchObject({ code: 'form_param_value_invalid' });
    await rejection(rpc.send(REGISTRY_APPLICATION_DELETE, { id: 'oa_missing' }));

    expect((await inbox.waitFor(application.id, 1)).map((event) => event.type)).toEqual(['oauth_application.created']);
    expect(inbox.about('oa_missing')).toEqual([]);
  });

  it('names the client itself as the actor of a dynamic registration', async () => {
    const registered = await rpc.send(REGISTRY_CLIENT_REGISTER, {
      redirectUris: ['https://mcp.example/callback'],
      sourceAddress: '192.0.2.10',
    });
    const [event] = await inbox.waitFor(registered.client.id, 1);
    expect(summary(event)).toEqual({
      type: 'oauth_application.created',
      actor: { type: 'client', id: registered.client.clientId },
      aggregateId: registered.client.id,
      payload: { applicationId: registered.client.id, clientId: registered.client.clientId },
    });
  });

  it('makes every replica drop a changed client from its cache, not only the one that changed it', async () => {
    const { application } = await createApplication(rpc);
    const caches = replicas.map((replica) => replica.app.get(ClientCache));
    const invalidated = caches.map((cache) => jest.spyOn(cache, 'invalidate'));
    // Warm the caches (whichever replica answers caches the client).
    for (let i = 0; i < 4; i++) await rpc.send(REGISTRY_CLIENT_GET, { clientId: application.clientId });

    await rpc.send(REGISTRY_APPLICATION_UPDATE, { id: application.id, name: 'Seen everywhere' });
    // The replica that handled the update dropped it at once; each replica drops it when the event comes.
    const callsPerReplica = () =>
      invalidated.map((spy) => spy.mock.calls.filter(([clientId]) => clientId === application.clientId).length);
    const deadline = Date.now() + 30_000;
    while (callsPerReplica().reduce((a, b) => a + b) < 3 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(callsPerReplica().sort()).toEqual([1, 2]);
    for (const cache of caches) expect(cache.get(application.clientId)).toBeUndefined();
    for (const spy of invalidated) spy.mockRestore();
  });

  it('stops accepting a rotated secret on every replica, not only the one that rotated it', async () => {
    const { application, clientSecret: oldSecret } = await createApplication(rpc);
    const authenticate = (clientSecret: string | undefined) =>
      rpc.send(REGISTRY_CLIENT_AUTHENTICATE, {
        method: 'client_secret_basic',
        clientId: application.clientId,
        clientSecret,
      });
    // Warm both replicas' caches with the old secret's hash.
    for (let i = 0; i < 6; i++) await authenticate(oldSecret);

    const { clientSecret: newSecret } = await rpc.send(REGISTRY_APPLICATION_ROTATE_SECRET, { id: application.id });
    // Once the event has reached both replicas, no request (whichever replica answers) accepts the old secret.
    const deadline = Date.now() + 30_000;
    let refusedInARow = 0;
    while (refusedInARow < 8 && Date.now() < deadline) {
      const refused = await rejection(authenticate(oldSecret)).then(
        (error) => error instanceof InvalidClientError,
        () => false,
      );
      refusedInARow = refused ? refusedInARow + 1 : 0;
    }
    expect(refusedInARow).toBe(8);
    for (let i = 0; i < 4; i++) {
      await expect(authenticate(newSecret)).resolves.toMatchObject({ clientId: application.clientId });
    }
  });

  it('serves the outbox relay lag on /metrics', async () => {
    const port = (replicas[0].healthServer.address() as AddressInfo).port;
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(metrics).toContain('# TYPE tessera_event_relay_lag_seconds gauge');
    expect(metrics).toContain('tessera_event_relay_lag_seconds{service="client-registry"} 0');
  });
});
