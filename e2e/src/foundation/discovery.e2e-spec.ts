import { admin, e2e } from '../support/e2e-env';

describe('discovery and JWKS through the whole stack', () => {
  it.each(['/.well-known/openid-configuration', '/.well-known/oauth-authorization-server'])(
    'GET %s answers the provider metadata for this issuer',
    async (path) => {
      const response = await fetch(`${e2e.issuer}${path}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      expect(response.headers.get('cache-control')).toBe('public, max-age=300');
      const metadata = (await response.json()) as Record<string, unknown>;
      expect(metadata.issuer).toBe(e2e.issuer);
      expect(metadata.jwks_uri).toBe(`${e2e.issuer}/.well-known/jwks.json`);
      expect(metadata.id_token_signing_alg_values_supported).toEqual(['RS256']);
      expect(metadata.subject_types_supported).toEqual(['public']);
    },
  );

  it('serves the signing keys from the token service', async () => {
    const response = await fetch(`${e2e.issuer}/.well-known/jwks.json`);
    expect(response.status).toBe(200);
    const { keys } = (await response.json()) as { keys: Array<Record<string, string>> };
    // The active key first; other suites may rotate, so retired keys can follow it.
    expect(keys.length).toBeGreaterThanOrEqual(1);
    expect(keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig', e: 'AQAB' });
    for (const key of keys) {
      expect(key.kid).toMatch(/^[A-Za-z0-9_-]{43}$/);
      // Only the public half is ever published.
      for (const privateMember of ['d', 'p', 'q', 'dp', 'dq', 'qi']) expect(key).not.toHaveProperty(privateMember);
    }
  });
});

describe('every service answers over NATS', () => {
  it('reports each of the five services up through the gateway', async () => {
    const response = await fetch(`${e2e.healthUrl('gateway')}/status`);
    expect(response.status).toBe(200);
    const status = (await response.json()) as Record<string, { status: string }>;
    expect(Object.keys(status).sort()).toEqual(['accounts', 'authorize', 'client-registry', 'token', 'userinfo']);
    for (const [service, report] of Object.entries(status))
      expect({ service, status: report.status }).toEqual({ service, status: 'up' });
  });

  it.each(['gateway', 'authorize', 'token', 'userinfo', 'accounts', 'client-registry'] as const)(
    '%s is alive and ready on its probe port',
    async (app) => {
      const live = await fetch(`${e2e.healthUrl(app)}/healthz`);
      expect(live.status).toBe(200);
      const ready = await fetch(`${e2e.healthUrl(app)}/readyz`);
      expect(ready.status).toBe(200);
      const body = (await ready.json()) as { status: string; checks: Record<string, string> };
      expect(body.status).toBe('ready');
      expect(body.checks.nats).toBe('ok');
      const metrics = await fetch(`${e2e.healthUrl(app)}/metrics`);
      expect(await metrics.text()).toContain('process_resident_memory_bytes');
    },
  );
});

describe('gateway hygiene', () => {
  it('answers an unknown route with a JSON 404', async () => {
    const response = await fetch(`${e2e.issuer}/no/such/route?x=1`);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      error: 'not_found',
      error_description: 'The requested endpoint does not exist',
    });
    expect(response.headers.get('cache-control')).toBe('no-store');
  });

  it('sends the security headers on every response', async () => {
    const response = await fetch(`${e2e.issuer}/.well-known/jwks.json`);
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toBe("frame-ancestors 'none'");
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('echoes a well-formed request id and replaces a hostile one', async () => {
    const kept = await fetch(`${e2e.issuer}/.well-known/jwks.json`, { headers: { 'x-request-id': 'trace-123' } });
    expect(kept.headers.get('x-request-id')).toBe('trace-123');
    const replaced = await fetch(`${e2e.issuer}/.well-known/jwks.json`, {
      headers: { 'x-request-id': 'evil value with spaces' },
    });
    expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses a body over the size limit with a JSON 413', async () => {
    const response = await fetch(`${e2e.issuer}/.well-known/jwks.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ padding: 'x'.repeat(70_000) }),
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({
      error: 'invalid_request',
      error_description: 'The request body is too large',
    });
  });

  it('refuses malformed JSON with a JSON 400, never a 500', async () => {
    const response = await fetch(`${e2e.issuer}/.well-known/openid-configuration`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"unterminated',
    });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(await response.json()).toMatchObject({ error: expect.any(String) });
  });
});

describe('the admin API door', () => {
  it('answers 401 before reading the body when the key is missing or wrong', async () => {
    for (const authorization of [undefined, 'Bearer wrong-key', `Basic ${e2e.adminKey}`]) {
      const response = await fetch(`${e2e.issuer}/v1/users`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
        body: '{"not json',
      });
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({
        errors: [
          {
            message: 'Unauthorized request',
            long_message: 'The admin API key in the Authorization header is missing or invalid',
            code: 'authentication_invalid',
            meta: {},
          },
        ],
      });
    }
  });

  it('answers malformed JSON with Clerk’s request_body_invalid once the key is right', async () => {
    const response = await admin('/v1/users', { method: 'POST', body: '{"not json' });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      errors: [
        {
          message: 'Request body invalid',
          long_message: 'The request body is not valid JSON',
          code: 'request_body_invalid',
          meta: {},
        },
      ],
    });
  });

  it('treats an empty JSON body as no body and unknown admin routes as resource_not_found', async () => {
    const response = await admin('/v1/no_such_resource', {
      method: 'DELETE',
      headers: { 'content-type': 'application/json' },
    });
    expect(response.status).toBe(404);
    expect(((await response.json()) as { errors: Array<{ code: string }> }).errors[0].code).toBe('resource_not_found');
  });
});
