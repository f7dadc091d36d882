import {
  FormParamValueInvalidError,
  InvalidRequestError,
  REGISTRY_APPLICATION_DELETE,
  REGISTRY_APPLICATION_GET,
  REGISTRY_APPLICATION_LIST,
  REGISTRY_APPLICATION_ROTATE_SECRET,
  REGISTRY_APPLICATION_UPDATE,
  REGISTRY_CLIENT_AUTHENTICATE,
  REGISTRY_CLIENT_GET,
  ResourceNotFoundError,
} from '@tessera/contracts';
import type { RpcClient } from '@tessera/nats';
import { bootApp, connectTestRpc, startTestInfrastructure, type TestInfrastructure } from '@tessera/testing';
import { DataSource } from 'typeorm';
import { registryApp } from '../src/registry.app';
import { createApplication, rejection } from './registry-fixtures';

describe('client-registry: OAuth applications over NATS', () => {
  let infra: TestInfrastructure;
  let service: Awaited<ReturnType<typeof registryApp.start>>;
  let client: Awaited<ReturnType<typeof connectTestRpc>>;
  let rpc: RpcClient;

  beforeAll(async () => {
    infra = await startTestInfrastructure();
    service = await bootApp(registryApp, infra.env({ ISSUER: 'https://id.example.com' }));
    client = await connectTestRpc(infra.nats.url);
    rpc = client.rpc;
  });

  afterAll(async () => {
    await client?.close();
    await service?.close();
    await infra?.teardown();
  });

  describe('create', () => {
    it('creates a confidential application with defaults and returns its secret once', async () => {
      const before = Date.now();
      const { application, clientSecret } = await rpc.send('registry.application.create.v1', {
        name: '  Reporting  ',
        redirectUris: ['https://app.example.com/cb', 'https://app.example.com/cb'],
      });
      expect(application).toEqual({
        id: expect.stringMatching(/^oa_[0-9a-f]{32}$/),
        clientId: expect.stringMatching(/^[A-Za-z0-9_-]{32}$/),
        name: 'Reporting',
        public: false,
        scopes: ['profile', 'email'],
        redirectUris: ['https://app.example.com/cb'],
        consentScreenEnabled: true,
        pkceRequired: false,
        dynamicallyRegistered: false,
        accessTokenFormat: 'jwt',
        logoUri: null,
        clientUri: null,
        createdAt: expect.any(Number),
        updatedAt: expect.any(Number),
      });
      expect(application.createdAt).toBeGreaterThanOrEqual(before);
      expect(application.updatedAt).toBe(application.createdAt);
      expect(clientSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    });

    it('stores only a hash of the secret', async () => {
      const { application, clientSecret } = await createApplication(rpc);
      const dataSource = service.app.get(DataSource);
      const [row] = await dataSource.query('SELECT * FROM registry.oauth_applications WHERE id = $1', [application.id]);
      expect(JSON.stringify(row)).not.toContain(clientSecret);
      expect(row.secret_hash).toMatch(/^[A-Za-z0-9_-]{43}$/);
    });

    it('creates a public application without a secret, which must use PKCE', async () => {
      const result = await createApplication(rpc, { public: true });
      expect(result).not.toHaveProperty('clientSecret');
      expect(result.application).toMatchObject({ public: true, pkceRequired: true });
    });

    it('keeps every option it is given', async () => {
      const { application } = await createApplication(rpc, {
        scopes: 'openid offline_access user:org:read',
        consentScreenEnabled: false,
        pkceRequired: true,
        accessTokenFormat: 'opaque',
        redirectUris: ['http://127.0.0.1/cb', 'com.example.app:/cb'],
      });
      expect(application).toMatchObject({
        scopes: ['openid', 'offline_access', 'user:org:read'],
        consentScreenEnabled: false,
        pkceRequired: true,
        accessTokenFormat: 'opaque',
        redirectUris: ['http://127.0.0.1/cb', 'com.example.app:/cb'],
      });
    });

    it.each([
      [{ name: '   ' }, 'name', 'name must not be blank'],
      [{ scopes: 'openid admin' }, 'scopes', 'scopes: unknown scope: admin'],
      [{ scopes: 'openid\temail' }, 'scopes', 'scopes: "openid\\u0009email" is not a valid scope'],
      [
        { redirectUris: ['http://app.example.com/cb'] },
        'redirect_uris',
        '"http://app.example.com/cb" is not a valid redirect URI: http is only allowed for loopback hosts (127.0.0.1, [::1], localhost); use https',
      ],
      [
        { redirectUris: ['https://app.example.com/cb#x'] },
        'redirect_uris',
        '"https://app.example.com/cb#x" is not a valid redirect URI: it must not contain a fragment',
      ],
    ])('refuses %j with form_param_value_invalid', async (overrides, param, description) => {
      const error = await rejection(createApplication(rpc, overrides));
      expect(error).toBeInstanceOf(FormParamValueInvalidError);
      expect(error).toMatchObject({ param, description, status: 422 });
    });

    it('refuses a payload that breaks the contract', async () => {
      const error = await rejection(createApplication(rpc, { name: 'x'.repeat(257) }));
      expect(error).toBeInstanceOf(InvalidRequestError);
    });
  });

  describe('get and list', () => {
    it('reads an application by id, and 404s an unknown one', async () => {
      const { application } = await createApplication(rpc);
      await expect(rpc.send(REGISTRY_APPLICATION_GET, { id: application.id })).resolves.toEqual(application);
      const error = await rejection(rpc.send(REGISTRY_APPLICATION_GET, { id: 'oa_00000000000000000000000000000000' }));
      expect(error).toBeInstanceOf(ResourceNotFoundError);
      expect(error).toMatchObject({ status: 404, description: 'Resource not found' });
    });

    it('pages, orders and searches', async () => {
      const tag = `List-${Date.now()}`;
      const created = [];
      for (const name of [`${tag} charlie`, `${tag} Alpha`, `${tag} bravo`]) {
        created.push((await createApplication(rpc, { name })).application);
      }
      const byName = await rpc.send(REGISTRY_APPLICATION_LIST, { nameQuery: tag.toLowerCase(), orderBy: '+name' });
      expect(byName.totalCount).toBe(3);
      expect(byName.data.map((app) => app.name)).toEqual([`${tag} Alpha`, `${tag} bravo`, `${tag} charlie`]);

      const descName = await rpc.send(REGISTRY_APPLICATION_LIST, { nameQuery: tag, orderBy: '-name' });
      expect(descName.data.map((app) => app.name)).toEqual([`${tag} charlie`, `${tag} bravo`, `${tag} Alpha`]);

      const newest = await rpc.send(REGISTRY_APPLICATION_LIST, { nameQuery: tag, limit: 2 });
      expect(newest.totalCount).toBe(3);
      expect(newest.data.map((app) => app.id)).toEqual([created[2].id, created[1].id]);
      const rest = await rpc.send(REGISTRY_APPLICATION_LIST, { nameQuery: tag, limit: 2, offset: 2 });
      expect(rest.data.map((app) => app.id)).toEqual([created[0].id]);

      const oldest = await rpc.send(REGISTRY_APPLICATION_LIST, { nameQuery: tag, orderBy: 'created_at' });
      expect(oldest.data.map((app) => app.id)).toEqual(created.map((app) => app.id));

      const byClientId = await rpc.send(REGISTRY_APPLICATION_LIST, { nameQuery: created[1].clientId });
      expect(byClientId).toEqual({ data: [created[1]], totalCount: 1 });
    });

    it('treats LIKE wildcards in name_query literally', async () => {
      await createApplication(rpc, { name: 'percent 100% sure' });
      const result = await rpc.send(REGISTRY_APPLICATION_LIST, { nameQuery: '0%_s' });
      expect(result.totalCount).toBe(0);
      const literal = await rpc.send(REGISTRY_APPLICATION_LIST, { nameQuery: '100% s' });
      expect(literal.data.map((app) => app.name)).toEqual(['percent 100% sure']);
    });

    it('counts everything by default and lists ten', async () => {
      const before = await rpc.send(REGISTRY_APPLICATION_LIST, { limit: 500 });
      for (let index = 0; index < 11; index += 1) await createApplication(rpc);
      const all = await rpc.send(REGISTRY_APPLICATION_LIST, {});
      expect(all.totalCount).toBe(before.totalCount + 11);
      expect(all.data).toHaveLength(10);
    });
  });

  describe('update', () => {
    it('changes only the fields it is given', async () => {
      const { application } = await createApplication(rpc);
      const updated = await rpc.send(REGISTRY_APPLICATION_UPDATE, {
        id: application.id,
        name: 'Renamed',
        scopes: 'openid',
        redirectUris: ['https://new.example.com/cb'],
      });
      expect(updated).toEqual({
        ...application,
        name: 'Renamed',
        scopes: ['openid'],
        redirectUris: ['https://new.example.com/cb'],
        updatedAt: expect.any(Number),
      });
      expect(updated.updatedAt).toBeGreaterThanOrEqual(application.updatedAt);
      await expect(rpc.send(REGISTRY_CLIENT_GET, { clientId: application.clientId })).resolves.toMatchObject({
        name: 'Renamed',
        scopes: ['openid'],
      });
    });

    it('404s an unknown id and refuses bad values', async () => {
      expect(await rejection(rpc.send(REGISTRY_APPLICATION_UPDATE, { id: 'oa_nope', name: 'x' }))).toBeInstanceOf(
        ResourceNotFoundError,
      );
      const { application } = await createApplication(rpc);
      expect(
        await rejection(rpc.send(REGISTRY_APPLICATION_UPDATE, { id: application.id, scopes: 'root' })),
      ).toMatchObject({ code: 'form_param_value_invalid', param: 'scopes' });
    });

    it('making a confidential client public drops its secret', async () => {
      const { application, clientSecret } = await createApplication(rpc);
      const updated = await rpc.send(REGISTRY_APPLICATION_UPDATE, { id: application.id, public: true });
      expect(updated).toMatchObject({ public: true, pkceRequired: true });
      const error = await rejection(
        rpc.send(REGISTRY_CLIENT_AUTHENTICATE, {
          method: 'client_secret_basic',
          clientId: application.clientId,
          clientSecret,
        }),
      );
      expect(error).toMatchObject({ code: 'invalid_client' });
      await expect(
        rpc.send(REGISTRY_CLIENT_AUTHENTICATE, { method: 'none', clientId: application.clientId }),
      ).resolves.toMatchObject({ clientId: application.clientId });
    });
  });

  describe('rotate_secret', () => {
    it('issues a new secret and the old one stops working at once', async () => {
      const { application, clientSecret: oldSecret } = await createApplication(rpc);
      const auth = (clientSecret?: string) =>
        rpc.send(REGISTRY_CLIENT_AUTHENTICATE, {
          method: 'client_secret_post',
          clientId: application.clientId,
          clientSecret,
        });
      await expect(auth(oldSecret)).resolves.toMatchObject({ id: application.id });
      const rotated = await rpc.send(REGISTRY_APPLICATION_ROTATE_SECRET, { id: application.id });
      expect(rotated.clientSecret).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(rotated.clientSecret).not.toBe(oldSecret);
      expect(rotated.application).toMatchObject({ id: application.id, clientId: application.clientId });
      expect(await rejection(auth(oldSecret))).toMatchObject({ code: 'invalid_client' });
      await expect(auth(rotated.clientSecret)).resolves.toMatchObject({ id: application.id });
    });

    it('refuses public applications and unknown ids', async () => {
      const { application } = await createApplication(rpc, { public: true });
      expect(await rejection(rpc.send(REGISTRY_APPLICATION_ROTATE_SECRET, { id: application.id }))).toMatchObject({
        code: 'form_param_value_invalid',
        param: 'public',
        description: 'Public OAuth applications have no client secret',
      });
      expect(await rejection(rpc.send(REGISTRY_APPLICATION_ROTATE_SECRET, { id: 'oa_x' }))).toBeInstanceOf(
        ResourceNotFoundError,
      );
    });
  });

  describe('delete', () => {
    it('deletes an application, after which its client is unknown at once', async () => {
      const { application, clientSecret } = await createApplication(rpc);
      // Warm the lookup cache first: deleting must evict it.
      await rpc.send(REGISTRY_CLIENT_GET, { clientId: application.clientId });
      await expect(rpc.send(REGISTRY_APPLICATION_DELETE, { id: application.id })).resolves.toEqual({
        id: application.id,
        deleted: true,
      });
      expect(await rejection(rpc.send(REGISTRY_CLIENT_GET, { clientId: application.clientId }))).toMatchObject({
        code: 'invalid_client',
      });
      expect(
        await rejection(
          rpc.send(REGISTRY_CLIENT_AUTHENTICATE, {
            method: 'client_secret_basic',
            clientId: application.clientId,
            clientSecret,
          }),
        ),
      ).toMatchObject({ code: 'invalid_client' });
      expect(await rejection(rpc.send(REGISTRY_APPLICATION_DELETE, { id: application.id }))).toBeInstanceOf(
        ResourceNotFoundError,
      );
    });
  });
});
