import { verifyStandardWebhook, WebhookReceiver } from '@tessera/testing';
import { answer, clerkError } from '../support/clerk-errors';
import { admin } from '../support/e2e-env';

interface Delivery {
  status: string;
  attempts: Array<{ status_code: number | null }>;
  [key: string]: unknown;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const post = (path: string, body: unknown) => admin(path, { method: 'POST', body: JSON.stringify(body) });
interface Webhook {
  id: string;
  secret: string;
  [key: string]: unknown;
}

const createUser = async () => {
  const email = `hooked.${Date.now().toString(36)}${Math.random().toString(36).slice(2)}@example.com`;
  return (await (await post('/v1/users', { email_address: [email] })).json()) as { id: string };
};

/** Waits until the endpoint has `count` deliveries and none is pending. */
async function settledDeliveries(webhookId: string, count: number, timeoutMs = 30_000): Promise<Delivery[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const { data } = (await (await admin(`/v1/webhooks/${webhookId}/deliveries`)).json()) as { data: Delivery[] };
    const settled = data.length >= count && data.every((delivery) => delivery.status !== 'pending');
    if (settled || Date.now() > deadline) return data;
    await pause(100);
  }
}

describe('/v1/webhooks', () => {
  const receivers: WebhookReceiver[] = [];
  const receiver = async (answerWith: Parameters<typeof WebhookReceiver.start>[0]) => {
    const started = await WebhookReceiver.start(answerWith);
    receivers.push(started);
    return started;
  };

  afterAll(async () => {
    for (const started of receivers) await started.close();
  });

  it('registers an endpoint, shows its secret once, lists, reads and deletes it', async () => {
    const created = await post('/v1/webhooks', {
      url: 'https://hooks.example.com/tessera',
      event_types: ['user.created', 'oauth_application.deleted'],
      description: 'Directory sync',
    });
    expect(created.status).toBe(200);
    const webhook = (await created.json()) as Webhook;
    expect(webhook).toEqual({
      object: 'webhook',
      id: expect.stringMatching(/^wh_[0-9A-Za-z]{27}$/),
      url: 'https://hooks.example.com/tessera',
      event_types: ['user.created', 'oauth_application.deleted'],
      description: 'Directory sync',
      created_at: expect.any(Number),
      updated_at: expect.any(Number),
      secret: expect.stringMatching(/^whsec_[A-Za-z0-9+/]{43}=$/),
    });
    const { secret, ...withoutSecret } = webhook;
    expect(await answer(await admin(`/v1/webhooks/${webhook.id}`))).toEqual({ status: 200, body: withoutSecret });
    const list = (await (await admin('/v1/webhooks?limit=500')).json()) as { data: unknown[] };
    expect(list.data).toContainEqual(withoutSecret);
    expect(JSON.stringify(list)).not.toContain(secret);
    expect(await answer(await admin(`/v1/webhooks/${webhook.id}/deliveries`))).toEqual({
      status: 200,
      body: { data: [], total_count: 0 },
    });

    expect(await answer(await admin(`/v1/webhooks/${webhook.id}`, { method: 'DELETE' }))).toEqual({
      status: 200,
      body: { object: 'webhook', id: webhook.id, deleted: true },
    });
    expect(await answer(await admin(`/v1/webhooks/${webhook.id}`))).toEqual({
      status: 404,
      body: clerkError('resource_not_found', 'Webhook not found'),
    });
  });

  it('refuses a plain-http URL to another host, unknown event types and missing parameters', async () => {
    expect(await answer(await post('/v1/webhooks', { url: 'http://hooks.example.com/', event_types: ['*'] }))).toEqual({
      status: 422,
      body: clerkError(
        'form_param_value_invalid',
        'url must use https (http is accepted only for localhost and 127.0.0.1 outside production)',
        'url',
      ),
    });
    expect(
      await answer(await post('/v1/webhooks', { url: 'https://hooks.example.com/', event_types: ['user.exploded'] })),
    ).toEqual({
      status: 422,
      body: clerkError('form_param_format_invalid', 'event_types[0] is invalid', 'event_types'),
    });
    expect(await answer(await post('/v1/webhooks', { url: 'https://hooks.example.com/' }))).toEqual({
      status: 422,
      body: clerkError('form_param_missing', 'event_types must be included', 'event_types'),
    });
  });

  it('delivers signed events and retries a failed delivery, recording each attempt', async () => {
    const hook = await receiver((_, index) => (index === 0 ? 500 : 204));
    const webhook = (await (
      await post('/v1/webhooks', { url: hook.url, event_types: ['user.created'] })
    ).json()) as Webhook;
    const user = await createUser();

    const [delivery] = await settledDeliveries(webhook.id, 1);
    const received = await hook.waitFor(2);
    expect(received).toHaveLength(2);
    for (const request of received) {
      expect(verifyStandardWebhook(webhook.secret, request)).toBe(true);
      expect(JSON.parse(request.body)).toEqual({
        id: request.headers['webhook-id'],
        type: 'user.created',
        occurredAt: expect.any(String),
        actor: { type: 'admin', id: null },
        aggregateId: user.id,
        payload: { userId: user.id },
      });
    }
    expect(delivery).toEqual({
      object: 'webhook_delivery',
      id: expect.stringMatching(/^whd_[0-9A-Za-z]{27}$/),
      webhook_id: webhook.id,
      event_id: received[0].headers['webhook-id'],
      event_type: 'user.created',
      status: 'succeeded',
      attempts: [
        { attempted_at: expect.any(Number), status_code: 500, error: null, duration_ms: expect.any(Number) },
        { attempted_at: expect.any(Number), status_code: 204, error: null, duration_ms: expect.any(Number) },
      ],
      next_attempt_at: null,
      created_at: expect.any(Number),
      updated_at: expect.any(Number),
    });
    const succeeded = (await (await admin(`/v1/webhooks/${webhook.id}/deliveries?status=succeeded`)).json()) as {
      total_count: number;
    };
    expect(succeeded.total_count).toBe(1);
    const failed = await (await admin(`/v1/webhooks/${webhook.id}/deliveries?status=failed`)).json();
    expect(failed).toEqual({ data: [], total_count: 0 });
    await admin(`/v1/webhooks/${webhook.id}`, { method: 'DELETE' });
  }, 60_000);
});
