import {
  InvalidClientError,
  InvalidRequestError,
  InvalidScopeError,
  REGISTRY_AUTHORIZATION_CHECK,
  REGISTRY_CLIENT_AUTHENTICATE,
  REGISTRY_CLIENT_GET,
  type ApplicationView,
} from '@tessera/contracts';
import type { RpcClient } from '@tessera/nats';
import { bootApp, connectTestRpc, startTestInfrastructure, type TestInfrastructure } from '@tessera/testing';
import { registryApp } from '../src/registry.app';
import { createApplication, rejection } from './registry-fixtures';

describe('client-registry: client lookup, authentication and authorization checks over NATS', () => {
  let infra: TestInfrastructure;
  let service: Awaited<ReturnType<typeof registryApp.start>>;
  let client: Awaited<ReturnType<typeof connectTestRpc>>;
  let rpc: RpcClient;
  let confidential: { application: ApplicationView; clientSecret?: string };
  let publicApp: ApplicationView;

  beforeAll(async () => {
    infra = await startTestInfrastructure();
    service = await bootApp(registryApp, infra.env());
    client = await connectTestRpc(infra.nats.url);
    rpc = client.rpc;
    confidential = await createApplication(rpc, {
      redirectUris: ['https://app.example.com/cb', 'http://127.0.0.1/loopback'],
      scopes: 'openid profile email offline_access',
    });
    publicApp = (
      await createApplication(rpc, { public: true, redirectUris: ['com.example.app:/cb'], scopes: 'openid email' })
    ).application;
  });

  afterAll(async () => {
    await client?.close();
    await service?.close();
    await infra?.teardown();
  });

  describe(REGISTRY_CLIENT_GET, () => {
    it('returns the client view without its secret', async () => {
      const view = await rpc.send(REGISTRY_CLIENT_GET, { clientId: confidential.application.clientId });
      const { createdAt: _c, updatedAt: _u, ...expected } = confidential.application;
      expect(view).toEqual(expected);
    });

    it('answers invalid_client for an unknown client_id', async () => {
      const error = await rejection(rpc.send(REGISTRY_CLIENT_GET, { clientId: 'nope' }));
      expect(error).toBeInstanceOf(InvalidClientError);
      expect(error).toMatchObject({ param: 'client_id' });
    });
  });

  describe(REGISTRY_CLIENT_AUTHENTICATE, () => {
    const authenticate = (request: Parameters<typeof rpc.send<typeof REGISTRY_CLIENT_AUTHENTICATE>>[1]) =>
      rpc.send(REGISTRY_CLIENT_AUTHENTICATE, request);

    it('accepts a confidential client’s secret by Basic and in the body alike', async () => {
      const { clientId } = confidential.application;
      for (const method of ['client_secret_basic', 'client_secret_post'] as const) {
        await expect(
          authenticate({ method, clientId, clientSecret: confidential.clientSecret }),
        ).resolves.toMatchObject({ id: confidential.application.id, public: false });
      }
    });

    it('accepts a public client by client_id alone', async () => {
      await expect(authenticate({ method: 'none', clientId: publicApp.clientId })).resolves.toMatchObject({
        id: publicApp.id,
        public: true,
        pkceRequired: true,
      });
    });

    it.each([
      [
        'a wrong secret',
        () => ({ method: 'client_secret_basic', clientId: confidential.application.clientId, clientSecret: 'wrong' }),
      ],
      ['a missing secret', () => ({ method: 'client_secret_post', clientId: confidential.application.clientId })],
      ['none for a confidential client', () => ({ method: 'none', clientId: confidential.application.clientId })],
      [
        'a secret for a public client',
        () => ({ method: 'client_secret_basic', clientId: publicApp.clientId, clientSecret: 'x' }),
      ],
      [
        'an unknown client',
        () => ({ method: 'client_secret_basic', clientId: 'unknown', clientSecret: confidential.clientSecret }),
      ],
      ['an unknown public client', () => ({ method: 'none', clientId: 'unknown' })],
    ] as const)('refuses %s with the same invalid_client', async (_case, request) => {
      const error = await rejection(authenticate(request() as never));
      expect(error).toBeInstanceOf(InvalidClientError);
      expect(error).toMatchObject({ status: 401, description: 'Client authentication failed' });
    });
  });

  describe(REGISTRY_AUTHORIZATION_CHECK, () => {
    const check = (request: Parameters<typeof rpc.send<typeof REGISTRY_AUTHORIZATION_CHECK>>[1]) =>
      rpc.send(REGISTRY_AUTHORIZATION_CHECK, request);

    it('resolves a registered redirect_uri and the requested scopes', async () => {
      const result = await check({
        clientId: confidential.application.clientId,
        redirectUri: 'https://app.example.com/cb',
        scope: 'openid email openid',
      });
      expect(result.client.id).toBe(confidential.application.id);
      expect(result.redirectUri).toBe('https://app.example.com/cb');
      expect(result.scopes).toEqual(['openid', 'email']);
    });

    it('matches a loopback redirect_uri on any port and returns it with the client’s port', async () => {
      const result = await check({
        clientId: confidential.application.clientId,
        redirectUri: 'http://127.0.0.1:53123/loopback',
      });
      expect(result.redirectUri).toBe('http://127.0.0.1:53123/loopback');
    });

    it('uses the only registered redirect URI when none is given, and the default scope', async () => {
      await expect(check({ clientId: publicApp.clientId })).resolves.toMatchObject({
        redirectUri: 'com.example.app:/cb',
        scopes: ['email'],
      });
    });

    it('refuses an unknown client with invalid_client', async () => {
      const error = await rejection(check({ clientId: 'unknown', redirectUri: 'https://app.example.com/cb' }));
      expect(error).toBeInstanceOf(InvalidClientError);
      expect(error).toMatchObject({ param: 'client_id' });
    });

    it.each([
      [undefined, "The 'redirect_uri' parameter is required because the client has several registered redirect URIs"],
      [
        'https://app.example.com/cb/',
        "The 'redirect_uri' parameter does not match any of the client's pre-registered redirect URIs",
      ],
      [
        'https://evil.example.com/cb',
        "The 'redirect_uri' parameter does not match any of the client's pre-registered redirect URIs",
      ],
      [
        'http://localhost:53123/loopback',
        "The 'redirect_uri' parameter does not match any of the client's pre-registered redirect URIs",
      ],
    ])('refuses redirect_uri %j with invalid_request', async (redirectUri, description) => {
      const error = await rejection(
        check({ clientId: confidential.application.clientId, redirectUri, scope: 'openid' }),
      );
      expect(error).toBeInstanceOf(InvalidRequestError);
      expect(error).toMatchObject({ param: 'redirect_uri', description });
    });

    it('checks the redirect_uri before the scope (a bad scope must not hide a bad redirect_uri)', async () => {
      const error = await rejection(
        check({ clientId: confidential.application.clientId, redirectUri: 'https://evil.example/cb', scope: 'admin' }),
      );
      expect(error).toBeInstanceOf(InvalidRequestError);
    });

    it.each([
      ['openid private_metadata', "The client is not allowed to request scope 'private_metadata'"],
      ['admin root', "The client is not allowed to request scopes 'admin', 'root'"],
      ['openid\tprofile', 'The requested scope is malformed: "openid\\u0009profile" is not a valid scope'],
    ])('refuses scope %j with invalid_scope', async (scope, description) => {
      const error = await rejection(
        check({ clientId: confidential.application.clientId, redirectUri: 'https://app.example.com/cb', scope }),
      );
      expect(error).toBeInstanceOf(InvalidScopeError);
      expect(error).toMatchObject({ param: 'scope', description });
    });

    it('refuses a scope-less request when the client holds neither default scope', async () => {
      const { application } = await createApplication(rpc, { scopes: 'openid' });
      const error = await rejection(check({ clientId: application.clientId }));
      expect(error).toBeInstanceOf(InvalidScopeError);
    });
  });
});
