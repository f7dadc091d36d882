import { EVENT_TYPES } from '@tessera/contracts';
import { answer, clerkError } from '../support/clerk-errors';
import { admin, e2e } from '../support/e2e-env';

interface Entry {
  object: string;
  id: string;
  type: string;
  occurred_at: number;
  actor: unknown;
  aggregate_id: string;
  payload: Record<string, unknown>;
}
interface Page {
  data: Entry[];
  total_count: number;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const post = (path: string, body: unknown) => admin(path, { method: 'POST', body: JSON.stringify(body) });
const auditLog = async (query: string): Promise<Page> => {
  const response = await admin(`/v1/audit_log?${query}`);
  expect(response.status).toBe(200);
  return (await response.json()) as Page;
};
/** The log is written from the event stream, moments after each change: wait for `count` matching entries. */
async function auditLogWhen(query: string, count: number): Promise<Page> {
  const deadline = Date.now() + 15_000;
  let page = await auditLog(query);
  while (page.total_count < count && Date.now() < deadline) {
    await pause(100);
    page = await auditLog(query);
  }
  return page;
}

describe('GET /v1/audit_log', () => {
  const since = Date.now() - 1;
  let userId: string;
  let application: { id: string; client_id: string };

  beforeAll(async () => {
    const email = `audited.${Date.now().toString(36)}@example.com`;
    const user = (await (await post('/v1/users', { email_address: [email] })).json()) as { id: string };
    userId = user.id;
    await admin(`/v1/users/${userId}`, { method: 'PATCH', body: JSON.stringify({ first_name: 'Audited' }) });
    application = (await (
      await post('/v1/oauth_applications', { name: 'Audited app', redirect_uris: ['https://a.example/cb'] })
    ).json()) as typeof application;
    await post(`/v1/oauth_applications/${application.id}/rotate_secret`, {});
    await auditLogWhen(`user_id=${userId}`, 2);
    await auditLogWhen(`client_id=${application.client_id}`, 2);
  });

  it('answers Clerk-style pages of entries, newest first', async () => {
    const page = await auditLog(`user_id=${userId}`);
    expect(page).toEqual({
      data: ['user.updated', 'user.created'].map((type) => ({
        object: 'audit_log_entry',
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        type,
        occurred_at: expect.any(Number),
        actor: { type: 'admin', id: null },
        aggregate_id: userId,
        payload: { userId },
      })),
      total_count: 2,
    });
    expect(page.data[0].occurred_at).toBeGreaterThanOrEqual(page.data[1].occurred_at);
    expect(page.data[1].occurred_at).toBeGreaterThanOrEqual(since);
  });

  it('filters by client and by (repeated) type', async () => {
    const ref = { applicationId: application.id, clientId: application.client_id };
    const byClient = await auditLog(`client_id=${application.client_id}`);
    expect(byClient.data.map(({ type, aggregate_id, payload }) => ({ type, aggregate_id, payload }))).toEqual([
      { type: 'oauth_application.secret_rotated', aggregate_id: application.id, payload: ref },
      { type: 'oauth_application.created', aggregate_id: application.id, payload: ref },
    ]);
    const byTypes = await auditLog(`since=${since}&type=oauth_application.secret_rotated&type=user.updated&limit=500`);
    expect(byTypes.data.map((entry) => entry.id)).toEqual(
      expect.arrayContaining([byClient.data[0].id, (await auditLog(`user_id=${userId}`)).data[0].id]),
    );
    for (const entry of byTypes.data)
      expect(['oauth_application.secret_rotated', 'user.updated']).toContain(entry.type);
  });

  it('pages with limit and offset, and bounds time with since (inclusive) and until (exclusive)', async () => {
    const all = await auditLog(`since=${since}&limit=500`);
    expect(all.total_count).toBeGreaterThanOrEqual(4);
    const first = await auditLog(`since=${since}&limit=2`);
    const second = await auditLog(`since=${since}&limit=2&offset=2`);
    expect(first.total_count).toBe(all.total_count);
    expect([...first.data, ...second.data]).toEqual(all.data.slice(0, 4));

    const [newest] = (await auditLog(`user_id=${userId}`)).data;
    const until = await auditLog(`user_id=${userId}&until=${newest.occurred_at}`);
    expect(until.data.map((entry) => entry.id)).not.toContain(newest.id);
    const from = await auditLog(`user_id=${userId}&since=${newest.occurred_at}`);
    expect(from.data.map((entry) => entry.id)).toContain(newest.id);
  });

  it('refuses unknown types, non-numeric times and unknown parameters with Clerk errors', async () => {
    expect(await answer(await admin('/v1/audit_log?type=user.exploded'))).toEqual({
      status: 422,
      body: clerkError('form_param_value_invalid', `type[0] must be one of: ${EVENT_TYPES.join(', ')}`, 'type'),
    });
    expect(await answer(await admin('/v1/audit_log?since=yesterday'))).toEqual({
      status: 422,
      body: clerkError('form_param_format_invalid', 'since must be a number', 'since'),
    });
    expect(await answer(await admin('/v1/audit_log?actor=admin'))).toEqual({
      status: 422,
      body: clerkError('form_param_unknown', 'actor is not a valid parameter for this request', 'actor'),
    });
  });

  it('is for admins only', async () => {
    const response = await fetch(`${e2e.issuer}/v1/audit_log`);
    expect(response.status).toBe(401);
  });
});
