import {
  InvalidClientMetadataError,
  InvalidRedirectUriError,
  REGISTRY_APPLICATION_GET,
  REGISTRY_APPLICATION_UPDATE,
  REGISTRY_AUTHORIZATION_CHECK,
  REGISTRY_CLIENT_AUTHENTICATE,
  REGISTRY_CLIENT_REGISTER,
  SlowDownError,
  SUPPORTED_SCOPES,
  type RequestOf,
} from '@tessera/contracts';
import type { RpcClient } from '@tessera/nats';
import Redis from 'ioredis';
import { bootApp, connectTestRpc, startTestInfrastructure, type TestInfrastructure } from '@tessera/testing';
import { registryApp } from '../src/registry.app';
import { rejection } from './registry-fixtures';

describe('client-registry: Dynamic Client Registration over NATS', () => {
  let infra: TestInfrastructure;
  let service: Awaited<ReturnType<typeof registryApp.start>>;
  let client: Awaited<ReturnType<typeof connectTestRpc>>;
  let rpc: RpcClient;
  let address = 0;
  /** A fresh source address per test, so the per-address limit only bites where a test wants it to. */
  const nextAddress = () => `192.0.2.${(address += 1)}`;

  const register = (request: Partial<RequestOf<typeof REGISTRY_CLIENT_REGISTER>> = {}) =>
    rpc.send(REGISTRY_CLIENT_REGISTER, {
      redirectUris: ['https://mcp-client.example/callback'],
      sourceAddress: nextAddress(),
      ...request,
    });

  beforeAll(async () => {
    infra = await startTestInfrastructure();
    service = await bootApp(
      registryApp,
      infra.env({ DCR_RATE_LIMIT_PER_WINDOW: '3', DCR_RATE_LIMIT_WINDOW_SECONDS: '600' }),
    );
    client = await connectTestRpc(infra.nats.url);
    rpc = client.rpc;
  });

  afterAll(async () => {
    await client?.close();
    await service?.close();
    await infra?.teardown();
  });

  it('registers a confidential client with every grantable scope when scope is omitted', async () => {
    const before = Math.floor(Date.now() / 1000);
    const registered = await register({ clientName: 'Claude', clientUri: 'https://claude.ai' });
    expect(registered).toEqual({
      client: {
        id: expect.stringMatching(/^oa_[0-9a-f]{32}$/),
        clientId: expect.stringMatching(/^[A-Za-z0-9_-]{32}$/),
        name: 'Claude',
        public: false,
        scopes: [...SUPPORTED_SCOPES],
        redirectUris: ['https://mcp-client.example/callback'],
        consentScreenEnabled: true,
        pkceRequired: false,
        dynamicallyRegistered: true,
        accessTokenFormat: 'jwt',
        logoUri: null,
        clientUri: 'https://claude.ai',
      },
      clientSecret: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
      clientIdIssuedAt: expect.any(Number),
      tokenEndpointAuthMethod: 'client_secret_basic',
      grantTypes: ['authorization_code'],
      responseTypes: ['code'],
    });
    expect(registered.clientIdIssuedAt).toBeGreaterThanOrEqual(before);
    await expect(
      rpc.send(REGISTRY_CLIENT_AUTHENTICATE, {
        method: 'client_secret_post',
        clientId: registered.client.clientId,
        clientSecret: registered.clientSecret,
      }),
    ).resolves.toMatchObject({ id: registered.client.id });
  });

  it('lets a scope-less registration ask for every advertised scope (no invalid_scope trap)', async () => {
    const registered = await register({ redirectUris: ['http://127.0.0.1/cb'] });
    const check = await rpc.send(REGISTRY_AUTHORIZATION_CHECK, {
      clientId: registered.client.clientId,
      redirectUri: 'http://127.0.0.1:33333/cb',
      scope: SUPPORTED_SCOPES.join(' '),
    });
    expect(check.scopes).toEqual([...SUPPORTED_SCOPES]);
  });

  it('registers a public client for token_endpoint_auth_method none, named after its client_id', async () => {
    const registered = await register({
      tokenEndpointAuthMethod: 'none',
      scope: 'openid offline_access',
      grantTypes: ['authorization_code', 'refresh_token'],
      responseTypes: ['code'],
      logoUri: 'https://cdn.example/logo.png',
    });
    expect(registered).not.toHaveProperty('clientSecret');
    expect(registered.client).toMatchObject({
      name: registered.client.clientId,
      public: true,
      pkceRequired: true,
      scopes: ['openid', 'offline_access'],
      logoUri: 'https://cdn.example/logo.png',
    });
    expect(registered).toMatchObject({
      tokenEndpointAuthMethod: 'none',
      grantTypes: ['authorization_code', 'refresh_token'],
    });
  });

  it('keeps the consent screen on for registered clients', async () => {
    const registered = await register();
    const error = await rejection(
      rpc.send(REGISTRY_APPLICATION_UPDATE, { id: registered.client.id, consentScreenEnabled: false }),
    );
    expect(error).toMatchObject({
      code: 'form_param_value_invalid',
      param: 'consent_screen_enabled',
      description: 'consent_screen_enabled cannot be disabled for dynamically registered OAuth applications',
    });
    await expect(rpc.send(REGISTRY_APPLICATION_GET, { id: registered.client.id })).resolves.toMatchObject({
      consentScreenEnabled: true,
      dynamicallyRegistered: true,
    });
  });

  it.each([
    [{ redirectUris: [] }, 'At least one redirect URI is required'],
    [
      { redirectUris: ['https://ok.example/cb', 'http://evil.example/cb'] },
      '"http://evil.example/cb" is not a valid redirect URI: http is only allowed for loopback hosts (127.0.0.1, [::1], localhost); use https',
    ],
    [{ redirectUris: ['/relative'] }, '"/relative" is not a valid redirect URI: it is not an absolute URI'],
  ])('refuses %j with invalid_redirect_uri', async (request, description) => {
    const error = await rejection(register(request));
    expect(error).toBeInstanceOf(InvalidRedirectUriError);
    expect(error).toMatchObject({ status: 400, description });
  });

  it.each([
    [{ scope: 'openid admin' }, 'scope: unknown scope: admin'],
    [
      { grantTypes: ['client_credentials'] },
      'grant_types: "client_credentials" is not supported (supported: authorization_code, refresh_token)',
    ],
    [{ responseTypes: ['token'] }, 'response_types: "token" is not supported (supported: code)'],
    [{ clientUri: 'javascript:alert(1)' }, 'client_uri must be an absolute http or https URL'],
    [{ logoUri: 'data:image/png;base64,AAAA' }, 'logo_uri must be an absolute http or https URL'],
  ])('refuses %j with invalid_client_metadata', async (request, description) => {
    const error = await rejection(register(request));
    expect(error).toBeInstanceOf(InvalidClientMetadataError);
    expect(error).toMatchObject({ status: 400, description });
  });

  it('limits registrations per source address in a fixed window, counting only accepted ones', async () => {
    const sourceAddress = '198.51.100.7';
    // Refused registrations do not use up the allowance.
    await rejection(register({ sourceAddress, redirectUris: [] }));
    for (let index = 0; index < 3; index += 1) await register({ sourceAddress });
    const error = await rejection(register({ sourceAddress }));
    expect(error).toBeInstanceOf(SlowDownError);
    expect(error).toMatchObject({
      status: 429,
      description: 'Too many client registrations from this address; try again later',
    });
    // Another address is unaffected.
    await expect(register({ sourceAddress: '198.51.100.8' })).resolves.toHaveProperty('clientSecret');
  });

  it('gives the window key a TTL', async () => {
    const sourceAddress = '198.51.100.9';
    await register({ sourceAddress });
    const redis = new Redis(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379');
    try {
      const ttl = await redis.ttl(`${infra.redisNamespace}:registry:dcr-rate:${sourceAddress}`);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(600);
    } finally {
      redis.disconnect();
    }
  });
});
