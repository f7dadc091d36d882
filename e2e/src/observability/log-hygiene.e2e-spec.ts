import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { admin, e2e } from '../support/e2e-env';

interface LogLine {
  service?: string;
  requestId?: string;
  msg?: string;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const readLog = () => readFileSync(e2e.logFile, 'utf8');
const logLines = (): LogLine[] =>
  readLog()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as LogLine);

describe('logs', () => {
  const requestId = `e2e-log-hygiene-${randomBytes(6).toString('hex')}`;
  /** Every secret this file hands to Tessera or gets from it; none may reach any process's log. */
  const secrets: string[] = [];
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    admin(path, { method: 'POST', body: JSON.stringify(body), headers });

  beforeAll(async () => {
    const password = `pw-${randomBytes(12).toString('hex')}`;
    const wrongPassword = `wrong-${randomBytes(12).toString('hex')}`;
    secrets.push(password, wrongPassword, e2e.adminKey);

    const created = await post(
      '/v1/users',
      { email_address: [`hygiene.${randomBytes(4).toString('hex')}@example.com`], password },
      { 'x-request-id': requestId },
    );
    expect(created.status).toBe(200);
    expect(created.headers.get('x-request-id')).toBe(requestId);
    const user = (await created.json()) as { id: string };
    expect((await post(`/v1/users/${user.id}/verify_password`, { password })).status).toBe(200);
    expect((await post(`/v1/users/${user.id}/verify_password`, { password: wrongPassword })).status).toBe(422);
    // A refused password is answered with an error, and errors are logged: the value must not be.
    expect((await post('/v1/users', { email_address: ['weak@example.com'], password: 'short1' })).status).toBe(422);
    secrets.push('short1');

    const application = (await (
      await post('/v1/oauth_applications', { name: 'Hygiene', redirect_uris: ['https://h.example/cb'] })
    ).json()) as { id: string; client_secret: string };
    secrets.push(application.client_secret);
    const rotated = (await (await post(`/v1/oauth_applications/${application.id}/rotate_secret`, {})).json()) as {
      client_secret: string;
    };
    secrets.push(rotated.client_secret);

    const webhook = (await (
      await post('/v1/webhooks', { url: 'https://hooks.example.com/hygiene', event_types: ['*'] })
    ).json()) as { secret: string };
    secrets.push(webhook.secret, webhook.secret.slice('whsec_'.length));
    for (const secret of secrets) expect(secret).toEqual(expect.any(String));
  });

  it('carry the request id from the gateway into the service that handled the request', async () => {
    const deadline = Date.now() + 30_000;
    const servicesWithTheId = () =>
      new Set(
        logLines()
          .filter((line) => line.requestId === requestId)
          .map((line) => line.service),
      );
    while (!(servicesWithTheId().has('gateway') && servicesWithTheId().has('accounts')) && Date.now() < deadline) {
      await pause(100);
    }
    const lines = logLines().filter((line) => line.requestId === requestId);
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ service: 'gateway', msg: 'admin API change' }),
        expect.objectContaining({ service: 'accounts', msg: 'change committed' }),
      ]),
    );
  });

  it('never contain a password, a client secret, a webhook secret or the admin key', async () => {
    await pause(500); // let the last lines reach the file
    const log = readLog();
    expect(log.length).toBeGreaterThan(0);
    for (const secret of secrets) expect(log.includes(secret) ? secret : 'absent').toBe('absent');
    expect(log).not.toMatch(/whsec_[A-Za-z0-9+/]{20}/);
  });
});
