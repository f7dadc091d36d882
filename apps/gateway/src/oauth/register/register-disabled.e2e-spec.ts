import { bootApp, startNatsServer, type TestNatsServer } from '@tessera/testing';
import { gatewayApp } from '../../gateway.app';
import type { RunningGateway } from '../../gateway.bootstrap';

describe('POST /oauth/register with DYNAMIC_CLIENT_REGISTRATION off (the default)', () => {
  let nats: TestNatsServer;
  let gateway: RunningGateway;

  beforeAll(async () => {
    nats = await startNatsServer();
    gateway = await bootApp(gatewayApp, {
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      NATS_URL: nats.url,
      PORT: '0',
      HEALTH_PORT: '0',
      ADMIN_API_KEY: 'a'.repeat(32),
    });
  });

  afterAll(async () => {
    await gateway?.close();
    await nats?.stop();
  });

  it('answers 403 with a JSON OAuth error and registers nothing', async () => {
    const response = await fetch(`${gateway.url}/oauth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ redirect_uris: ['https://app.example.com/cb'] }),
    });
    expect(response.status).toBe(403);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(await response.json()).toEqual({
      error: 'access_denied',
      error_description: 'Dynamic client registration is not enabled on this server',
    });
  });
});
