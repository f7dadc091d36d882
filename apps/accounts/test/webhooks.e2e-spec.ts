import {
  ACCOUNTS_ORGANIZATION_CREATE,
  ACCOUNTS_USER_CREATE,
  ACCOUNTS_USER_UPDATE,
  ACCOUNTS_WEBHOOK_CREATE,
  ACCOUNTS_WEBHOOK_DELETE,
  ACCOUNTS_WEBHOOK_DELIVERY_LIST,
  ACCOUNTS_WEBHOOK_GET,
  ACCOUNTS_WEBHOOK_LIST,
  type RequestOf,
  type WebhookDeliveryView,
} from '@tessera/contracts';
import { publishEvent, verifyStandardWebhook, WebhookReceiver } from '@tessera/testing';
import { connect } from 'nats';
import { rejectionOf, startAccounts, uniqueEmail, type AccountsHarness } from './accounts-harness';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('accounts: webhooks', () => {
  let accounts: AccountsHarness;
  const receivers: WebhookReceiver[] = [];

  const receiver = async (answer?: Parameters<typeof WebhookReceiver.start>[0]) => {
    const started = await WebhookReceiver.start(answer);
    receivers.push(started);
    return started;
  };
  const createWebhook = (request: RequestOf<typeof ACCOUNTS_WEBHOOK_CREATE>) =>
    accounts.rpc.send(ACCOUNTS_WEBHOOK_CREATE, request);
  const createUser = () => accounts.rpc.send(ACCOUNTS_USER_CREATE, { emailAddresses: [uniqueEmail('hooked')] });
  const deliveriesOf = (webhookId: string) =>
    accounts.rpc.send(ACCOUNTS_WEBHOOK_DELIVERY_LIST, { webhookId }).then((page) => page.data);
  /** Waits until the endpoint's deliveries are all settled (succeeded or failed). */
  const settledDeliveriesOf = async (webhookId: string, count: number): Promise<WebhookDeliveryView[]> => {
    const deadline = Date.now() + 20_000;
    let deliveries = await deliveriesOf(webhookId);
    while (
      (deliveries.length < count || deliveries.some((delivery) => delivery.status === 'pending')) &&
      Date.now() < deadline
    ) {
      await pause(50);
      deliveries = await deliveriesOf(webhookId);
    }
    return deliveries;
  };

  beforeAll(async () => {
    // Fast retries (200 ms, then 800 ms) and three attempts, so that retries and giving up fit in a test.
    accounts = await startAccounts({ WEBHOOK_RETRY_BASE_MS: '200', WEBHOOK_MAX_ATTEMPTS: '3' });
  });

  afterAll(async () => {
    for (const started of receivers) await started.close();
    await accounts?.close();
  });

  describe('endpoints', () => {
    it('creates an endpoint whose secret is answered once and stored only encrypted', async () => {
      const before = Date.now();
      const { webhook, secret } = await createWebhook({
        url: 'https://hooks.example.com/tessera?team=platform',
        eventTypes: ['user.created', 'user.deleted', 'user.created'],
        description: '  Platform sync  ',
      });
      expect(webhook).toEqual({
        id: expect.stringMatching(/^wh_[0-9A-Za-z]{27}$/),
        url: 'https://hooks.example.com/tessera?team=platform',
        eventTypes: ['user.created', 'user.deleted'],
        description: 'Platform sync',
        createdAt: expect.any(Number),
        updatedAt: expect.any(Number),
      });
      expect(webhook.createdAt).toBeGreaterThanOrEqual(before - 1000);
      expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
      await expect(accounts.rpc.send(ACCOUNTS_WEBHOOK_GET, { webhookId: webhook.id })).resolves.toEqual(webhook);
      const page = await accounts.rpc.send(ACCOUNTS_WEBHOOK_LIST, {});
      expect(page.data).toContainEqual(webhook);
      const { rows } = await accounts.db.query('SELECT * FROM accounts.webhook_endpoints WHERE id = $1', [webhook.id]);
      expect(rows[0].secret_encrypted).toMatch(/^v1\./);
      expect(JSON.stringify(rows)).not.toContain(secret.slice('whsec_'.length));
    });

    it('refuses a plain-http URL that is not loopback', async () => {
      const refused = await rejectionOf(createWebhook({ url: 'http://hooks.example.com/', eventTypes: ['*'] }));
      expect(refused).toMatchObject({
        code: 'form_param_value_invalid',
        param: 'url',
        message: 'url must use https (http is accepted only for localhost and 127.0.0.1 outside production)',
      });
    });

    it('refuses "*" mixed with event types, and unknown event types', async () => {
      const mixed = await rejectionOf(createWebhook({ url: 'https://h.example/', eventTypes: ['*', 'user.created'] }));
      expect(mixed).toMatchObject({ code: 'form_param_value_invalid', param: 'event_types' });
      const unknown = await rejectionOf(
        createWebhook({ url: 'https://h.example/', eventTypes: ['user.exploded' as 'user.created'] }),
      );
      expect(unknown.code).toBe('invalid_request');
    });

    it('deletes an endpoint, after which it and its deliveries are gone', async () => {
      const { webhook } = await createWebhook({ url: 'https://h.example/', eventTypes: ['*'] });
      await expect(accounts.rpc.send(ACCOUNTS_WEBHOOK_DELETE, { webhookId: webhook.id })).resolves.toEqual({
        id: webhook.id,
        deleted: true,
      });
      for (const missing of [
        accounts.rpc.send(ACCOUNTS_WEBHOOK_GET, { webhookId: webhook.id }),
        accounts.rpc.send(ACCOUNTS_WEBHOOK_DELETE, { webhookId: webhook.id }),
        accounts.rpc.send(ACCOUNTS_WEBHOOK_DELIVERY_LIST, { webhookId: webhook.id }),
      ]) {
        expect(await rejectionOf(missing)).toMatchObject({ code: 'resource_not_found', message: 'Webhook not found' });
      }
    });
  });

  describe('delivery', () => {
    it('POSTs each subscribed event once, signed in the Standard Webhooks manner, and records the attempt', async () => {
      const hook = await receiver(() => 204);
      const { webhook, secret } = await createWebhook({ url: hook.url, eventTypes: ['user.created'] });
      const user = await createUser();
      await accounts.rpc.send(ACCOUNTS_USER_UPDATE, { userId: user.id, firstName: 'Not subscribed' });

      const [delivery] = await settledDeliveriesOf(webhook.id, 1);
      const [received] = await hook.waitFor(1);
      const event = JSON.parse(received.body);
      expect(event).toEqual({
        id: expect.any(String),
        type: 'user.created',
        occurredAt: expect.any(String),
        actor: { type: 'admin', id: null },
        aggregateId: user.id,
        payload: { userId: user.id },
      });
      expect(received.headers).toMatchObject({
        'content-type': 'application/json',
        'webhook-id': event.id,
        'webhook-timestamp': expect.stringMatching(/^\d{10}$/),
        'webhook-signature': expect.stringMatching(/^v1,[A-Za-z0-9+/]{43}=$/),
      });
      expect(verifyStandardWebhook(secret, received)).toBe(true);
      expect(verifyStandardWebhook(secret, { ...received, body: received.body.replace(user.id, 'user_x') })).toBe(
        false,
      );
      expect(delivery).toEqual({
        id: expect.stringMatching(/^whd_[0-9A-Za-z]{27}$/),
        webhookId: webhook.id,
        eventId: event.id,
        eventType: 'user.created',
        status: 'succeeded',
        attempts: [{ attemptedAt: expect.any(Number), statusCode: 204, error: null, durationMs: expect.any(Number) }],
        nextAttemptAt: null,
        createdAt: expect.any(Number),
        updatedAt: expect.any(Number),
      });
      await pause(300); // room for an unwanted second request
      expect(hook.received).toHaveLength(1);
      await accounts.rpc.send(ACCOUNTS_WEBHOOK_DELETE, { webhookId: webhook.id });
    });

    it('retries a failed delivery with backoff and records every attempt', async () => {
      const hook = await receiver((_, index) => (index === 0 ? 500 : 200));
      const { webhook, secret } = await createWebhook({ url: hook.url, eventTypes: ['organization.created'] });
      const organization = await accounts.rpc.send(ACCOUNTS_ORGANIZATION_CREATE, { name: 'Retried' });

      const [delivery] = await settledDeliveriesOf(webhook.id, 1);
      expect(delivery).toMatchObject({ eventType: 'organization.created', status: 'succeeded', nextAttemptAt: null });
      expect(delivery.attempts.map(({ statusCode, error }) => ({ statusCode, error }))).toEqual([
        { statusCode: 500, error: null },
        { statusCode: 200, error: null },
      ]);
      expect(delivery.attempts[1].attemptedAt).toBeGreaterThan(delivery.attempts[0].attemptedAt);
      const received = await hook.waitFor(2);
      expect(received).toHaveLength(2);
      // The same message both times (receivers dedupe on webhook-id), each attempt signed afresh.
      expect(received.map((request) => request.headers['webhook-id'])).toEqual([delivery.eventId, delivery.eventId]);
      expect(received.map((request) => JSON.parse(request.body).aggregateId)).toEqual([
        organization.id,
        organization.id,
      ]);
      for (const request of received) expect(verifyStandardWebhook(secret, request)).toBe(true);
      await accounts.rpc.send(ACCOUNTS_WEBHOOK_DELETE, { webhookId: webhook.id });
    });

    it('gives up after WEBHOOK_MAX_ATTEMPTS and records the delivery as failed', async () => {
      const hook = await receiver(() => 503);
      const { webhook } = await createWebhook({ url: hook.url, eventTypes: ['user.created'] });
      await createUser();

      const [delivery] = await settledDeliveriesOf(webhook.id, 1);
      expect(delivery).toMatchObject({ status: 'failed', nextAttemptAt: null });
      expect(delivery.attempts.map((attempt) => attempt.statusCode)).toEqual([503, 503, 503]);
      await pause(1500); // longer than the next backoff would have been: no fourth attempt
      expect(hook.received).toHaveLength(3);
      await accounts.rpc.send(ACCOUNTS_WEBHOOK_DELETE, { webhookId: webhook.id });
    });

    it('records an unreachable receiver, and a silent one as a timeout, while the others get their events', async () => {
      const silent = await receiver(() => 'hang');
      const healthy = await receiver(() => 200);
      const unreachable = await receiver(() => 200);
      await unreachable.close();
      receivers.splice(receivers.indexOf(unreachable), 1);
      const hooks = await Promise.all(
        [silent, healthy, unreachable].map((hook) => createWebhook({ url: hook.url, eventTypes: ['*'] })),
      );
      const user = await createUser();

      // The healthy endpoint gets its event while the silent one's attempt is still waiting for an answer.
      const [received] = await healthy.waitFor(1);
      expect(JSON.parse(received.body)).toMatchObject({ type: 'user.created', aggregateId: user.id });
      expect((await deliveriesOf(hooks[0].webhook.id))[0]).toMatchObject({ status: 'pending', attempts: [] });

      const [refused] = await settledDeliveriesOf(hooks[2].webhook.id, 1);
      expect(refused.status).toBe('failed');
      expect(refused.attempts.map(({ statusCode, error }) => ({ statusCode, error }))).toEqual(
        Array(3).fill({ statusCode: null, error: 'ECONNREFUSED' }),
      );
      const deadline = Date.now() + 15_000;
      let timedOut = (await deliveriesOf(hooks[0].webhook.id))[0];
      while (timedOut.attempts.length === 0 && Date.now() < deadline) {
        await pause(100);
        timedOut = (await deliveriesOf(hooks[0].webhook.id))[0];
      }
      expect(timedOut.attempts[0]).toMatchObject({ statusCode: null, error: 'timeout' });
      for (const { webhook } of hooks) await accounts.rpc.send(ACCOUNTS_WEBHOOK_DELETE, { webhookId: webhook.id });
    }, 40_000);

    it('sends an endpoint only the events that occurred after it was registered', async () => {
      const hook = await receiver(() => 204);
      const { webhook } = await createWebhook({ url: hook.url, eventTypes: ['user.created'] });
      // An event from before the endpoint existed, as a consumer catching up after an outage would see it.
      const connection = await connect({ servers: accounts.infra.nats.url });
      await publishEvent(connection, {
        type: 'user.created',
        aggregateId: 'user_from_before',
        payload: { userId: 'user_from_before' },
        occurredAt: new Date(Date.now() - 60_000),
      });
      await connection.close();
      const user = await createUser();

      const deliveries = await settledDeliveriesOf(webhook.id, 1);
      expect(deliveries.map((delivery) => delivery.eventType)).toEqual(['user.created']);
      const [received] = await hook.waitFor(1);
      expect(JSON.parse(received.body)).toMatchObject({ aggregateId: user.id });
      await pause(300); // room for the earlier event, had it been enqueued
      expect(hook.received).toHaveLength(1);
      await accounts.rpc.send(ACCOUNTS_WEBHOOK_DELETE, { webhookId: webhook.id });
    });

    it('sends nothing to an endpoint after it was deleted', async () => {
      const hook = await receiver(() => 204);
      const { webhook } = await createWebhook({ url: hook.url, eventTypes: ['*'] });
      await accounts.rpc.send(ACCOUNTS_WEBHOOK_DELETE, { webhookId: webhook.id });
      await createUser();
      await pause(500);
      expect(hook.received).toEqual([]);
    });
  });
});
