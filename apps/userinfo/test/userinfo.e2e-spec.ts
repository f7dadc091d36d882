import type { INestMicroservice } from '@nestjs/common';
import {
  SYSTEM_ACTOR,
  InsufficientScopeError,
  InvalidTokenError,
  USERINFO_TOKEN_INTROSPECT,
  USERINFO_USERINFO_GET,
  instanceIdFor,
  type ActiveToken,
  type EventPayloadOf,
  type EventType,
} from '@tessera/contracts';
import { ensureEventStream } from '@tessera/events';
import type { RpcClient } from '@tessera/nats';
import type { RunningService } from '@tessera/service-kit';
import {
  bootApp,
  connectTestRpc,
  eventually,
  profileOf,
  publishEvent,
  startTestInfrastructure,
  type TestInfrastructure,
} from '@tessera/testing';
import Redis from 'ioredis';
import type { NatsConnection } from 'nats';
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { userinfoApp } from '../src/userinfo.app';
import { peers, startFakePeers } from './support/fake-peers';
import { accessToken, ISSUER, signingKey, type SigningKey } from './support/test-tokens';

const CLIENT = 'client_app';
const ACCESS_TOKEN_TTL_SECONDS = 3600;
const base = (userId: string) => ({
  object: 'oauth_user_info',
  instance_id: instanceIdFor(ISSUER),
  user_id: userId,
  sub: userId,
});

describe('the userinfo service over NATS', () => {
  let infra: TestInfrastructure;
  let service: RunningService;
  let fakePeers: INestMicroservice;
  let rpc: RpcClient;
  let connection: NatsConnection;
  let closeRpc: () => Promise<void>;
  let key: SigningKey;
  let redis: Redis;

  const serviceEnv = () =>
    infra.env({ ISSUER, PROFILE_CACHE_TTL_SECONDS: '300', ACCESS_TOKEN_TTL_SECONDS: String(ACCESS_TOKEN_TTL_SECONDS) });
  const revokedMark = (grantId: string) => `${infra.redisNamespace}:userinfo:revoked-grant:${grantId}`;

  beforeAll(async () => {
    infra = await startTestInfrastructure();
    fakePeers = await startFakePeers(infra.nats.url);
    key = await signingKey('key-1');
    peers.jwks = [key.jwk];
    service = await bootApp(userinfoApp, serviceEnv());
    ({ rpc, connection, close: closeRpc } = await connectTestRpc(infra.nats.url));
    redis = new Redis(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379');
    await ensureEventStream(await connection.jetstreamManager());
  });

  afterAll(async () => {
    redis?.disconnect();
    await closeRpc?.();
    await service?.close();
    await fakePeers?.close();
    await infra?.teardown();
  });

  let userCount = 0;
  /** A fresh user in the fake accounts service. */
  function newUser(overrides: Parameters<typeof profileOf>[1] = {}) {
    const id = `user_${++userCount}_${randomUUID().slice(0, 8)}`;
    peers.users.set(id, profileOf(id, overrides));
    return id;
  }

  const userInfo = (token: string) => rpc.send(USERINFO_USERINFO_GET, { accessToken: token });
  const fetchesOf = (userId: string) => peers.profileFetches.filter((fetch) => fetch.userId === userId).length;

  const publish = <T extends EventType>(type: T, payload: EventPayloadOf<T>, aggregateId: string) =>
    publishEvent(connection, { type, aggregateId, payload, actor: SYSTEM_ACTOR });

  describe('userinfo.userinfo.get.v1', () => {
    it('answers the claims of a JWT access token’s scopes, sub being the user id', async () => {
      const userId = newUser();
      const { jwt } = await accessToken(key, { userId, clientId: CLIENT, scope: 'openid profile email' });
      expect(await userInfo(jwt)).toEqual({
        ...base(userId),
        email: 'ada@example.com',
        email_verified: true,
        given_name: 'Ada',
        family_name: 'Lovelace',
        name: 'Ada Lovelace',
        picture: 'https://img.example.com/ada.png',
        preferred_username: 'ada',
        username: 'ada',
      });
    });

    it('serves the profile from the cache after the first call', async () => {
      const userId = newUser();
      const { jwt } = await accessToken(key, { userId, clientId: CLIENT, scope: 'email' });
      await userInfo(jwt);
      await userInfo(jwt);
      await userInfo(jwt);
      expect(fetchesOf(userId)).toBe(1);
    });

    it('asks the token service about an opaque token', async () => {
      const userId = newUser();
      const token = `oat_${'a'.repeat(64)}`;
      peers.storedTokens.set(token, stored({ userId, scopes: ['openid', 'public_metadata', 'private_metadata'] }));
      expect(await userInfo(token)).toEqual({
        ...base(userId),
        public_metadata: { plan: 'pro' },
        unsafe_metadata: { theme: 'dark' },
        private_metadata: { internal: true },
      });
      expect(peers.introspections.at(-1)).toEqual({ token });
    });

    it('answers org_id, org_name and org_slug with user:org:read and a bound organization', async () => {
      const userId = newUser();
      peers.memberships.set(userId, [{ id: 'org_1', name: 'Engines', slug: 'engines', role: 'org:admin' }]);
      const { jwt } = await accessToken(key, {
        userId,
        clientId: CLIENT,
        scope: 'openid user:org:read',
        orgId: 'org_1',
      });
      expect(await userInfo(jwt)).toEqual({
        ...base(userId),
        org_id: 'org_1',
        org_name: 'Engines',
        org_slug: 'engines',
      });
      expect(peers.profileFetches.at(-1)).toEqual({ userId, organizationId: 'org_1' });
    });

    it('refuses a token with no scope userinfo serves with insufficient_scope', async () => {
      const userId = newUser();
      const { jwt } = await accessToken(key, { userId, clientId: CLIENT, scope: 'offline_access mcp:tools' });
      await expect(userInfo(jwt)).rejects.toBeInstanceOf(InsufficientScopeError);
    });

    it.each([
      ['an expired JWT', { expiresIn: -60 }],
      ['an ID token (typ JWT)', { typ: 'JWT' }],
      ['a token of another issuer', { issuer: 'https://evil.example.com' }],
    ])('refuses %s with invalid_token', async (_case, input) => {
      const userId = newUser();
      const { jwt } = await accessToken(key, { userId, clientId: CLIENT, scope: 'openid', ...input });
      await expect(userInfo(jwt)).rejects.toMatchObject({
        code: 'invalid_token',
        description: 'The access token is invalid, expired or revoked',
      });
    });

    it('refuses garbage, unknown opaque tokens and refresh tokens with invalid_token', async () => {
      const userId = newUser();
      const refresh = `ort_${'r'.repeat(43)}`;
      peers.storedTokens.set(
        refresh,
        stored({ userId, scopes: ['openid'], tokenType: 'refresh_token', format: 'refresh' }),
      );
      for (const token of ['not-a-token', `oat_${'0'.repeat(64)}`, refresh, 'a.b.c']) {
        await expect(userInfo(token)).rejects.toBeInstanceOf(InvalidTokenError);
      }
    });

    it('refuses a JWT signed by a key the token service does not publish', async () => {
      const stranger = await signingKey('key-1');
      const { jwt } = await accessToken(stranger, { userId: newUser(), clientId: CLIENT, scope: 'openid' });
      await expect(userInfo(jwt)).rejects.toBeInstanceOf(InvalidTokenError);
    });

    it('treats the token of a deleted user as invalid', async () => {
      const userId = newUser();
      const { jwt } = await accessToken(key, { userId, clientId: CLIENT, scope: 'openid' });
      peers.users.delete(userId);
      await expect(userInfo(jwt)).rejects.toBeInstanceOf(InvalidTokenError);
    });

    it('picks up a signing key rotated in after it fetched the JWKS (refetching at most every few seconds)', async () => {
      const rotated = await signingKey('key-2');
      const { jwt } = await accessToken(rotated, { userId: newUser(), clientId: CLIENT, scope: 'openid' });
      peers.jwks = [key.jwk, rotated.jwk];
      // The unknown-kid refetch is rate-limited (UNKNOWN_KID_REFETCH_MIN_MS); past that, the new key verifies.
      await new Promise((resolve) => setTimeout(resolve, 5_100));
      await expect(userInfo(jwt)).resolves.toMatchObject({ object: 'oauth_user_info' });
      const fetches = peers.jwksFetches;
      // Made-up kids right after do not make it fetch again.
      const { jwt: unknownKid } = await accessToken(await signingKey('key-x'), {
        userId: newUser(),
        clientId: CLIENT,
        scope: 'openid',
      });
      await expect(userInfo(unknownKid)).rejects.toBeInstanceOf(InvalidTokenError);
      await expect(userInfo(unknownKid)).rejects.toBeInstanceOf(InvalidTokenError);
      expect(peers.jwksFetches).toBe(fetches);
    }, 15_000);
  });

  describe('userinfo.token.introspect.v1', () => {
    const introspect = (token: string, callerClientId = CLIENT, scopes?: string[]) =>
      rpc.send(USERINFO_TOKEN_INTROSPECT, { token, callerClientId, ...(scopes ? { scopes } : {}) });

    it('describes an active JWT access token to its client', async () => {
      const userId = newUser();
      const { jwt, grantId } = await accessToken(key, {
        userId,
        clientId: CLIENT,
        scope: 'openid user:org:read',
        orgId: 'org_1',
      });
      const answer = await introspect(jwt);
      expect(answer).toEqual({
        active: true,
        client_id: CLIENT,
        scope: 'openid user:org:read',
        sub: userId,
        iat: expect.any(Number),
        exp: expect.any(Number),
        iss: ISSUER,
        token_type: 'Bearer',
        aud: ISSUER,
        jti: expect.any(String),
        org_id: 'org_1',
      });
      expect(grantId).toMatch(/^grant_/);
    });

    it('describes opaque and refresh tokens the token service knows, refresh tokens without token_type', async () => {
      const userId = newUser();
      const opaque = `oat_${'b'.repeat(64)}`;
      const refresh = `ort_${'c'.repeat(43)}`;
      peers.storedTokens.set(opaque, stored({ userId, scopes: ['email'] }));
      peers.storedTokens.set(
        refresh,
        stored({ userId, scopes: ['email'], tokenType: 'refresh_token', format: 'refresh', audience: [] }),
      );
      expect(await introspect(opaque)).toMatchObject({ active: true, token_type: 'Bearer', aud: ISSUER, sub: userId });
      const refreshAnswer = await introspect(refresh);
      expect(refreshAnswer).toMatchObject({ active: true, sub: userId, scope: 'email' });
      expect(refreshAnswer).not.toHaveProperty('token_type');
      expect(refreshAnswer).not.toHaveProperty('aud');
    });

    it('answers exactly {active:false} to another client, for unknown or expired tokens, and for missing scopes', async () => {
      const userId = newUser();
      const { jwt } = await accessToken(key, { userId, clientId: CLIENT, scope: 'openid email' });
      const { jwt: expired } = await accessToken(key, { userId, clientId: CLIENT, scope: 'openid', expiresIn: -60 });
      expect(await introspect(jwt, 'client_other')).toEqual({ active: false });
      expect(await introspect(expired)).toEqual({ active: false });
      expect(await introspect(`oat_${'9'.repeat(64)}`)).toEqual({ active: false });
      expect(await introspect(jwt, CLIENT, ['openid', 'profile'])).toEqual({ active: false });
      expect(await introspect(jwt, CLIENT, ['email'])).toMatchObject({ active: true });
    });
  });

  describe('events', () => {
    it('stops accepting a JWT once its grant’s revocation is announced', async () => {
      const userId = newUser();
      const { jwt, grantId } = await accessToken(key, { userId, clientId: CLIENT, scope: 'openid' });
      await expect(userInfo(jwt)).resolves.toMatchObject({ sub: userId });
      await publish('oauth_token.revoked', { grantId, userId, clientId: CLIENT, reason: 'revoked_by_client' }, grantId);
      await eventually(() => expect(userInfo(jwt)).rejects.toBeInstanceOf(InvalidTokenError));
      expect(await rpc.send(USERINFO_TOKEN_INTROSPECT, { token: jwt, callerClientId: CLIENT })).toEqual({
        active: false,
      });
    });

    it('answers revocations from its own memory once it has caught up, not from the Redis marks', async () => {
      const userId = newUser();
      const { jwt, grantId } = await accessToken(key, { userId, clientId: CLIENT, scope: 'openid' });
      await publish('oauth_token.revoked', { grantId, userId, clientId: CLIENT, reason: 'revoked_by_client' }, grantId);
      await eventually(async () => expect(await redis.exists(revokedMark(grantId))).toBe(1));
      await redis.del(revokedMark(grantId));
      await eventually(() => expect(userInfo(jwt)).rejects.toBeInstanceOf(InvalidTokenError));
      expect(await redis.exists(revokedMark(grantId))).toBe(0);

      const metrics = await (
        await fetch(`http://127.0.0.1:${(service.healthServer.address() as AddressInfo).port}/metrics`)
      ).text();
      expect(metrics).toContain('tessera_userinfo_revocation_memory_trusted{service="userinfo"} 1');
      expect(metrics).toMatch(/tessera_userinfo_revocations_remembered\{service="userinfo"\} [1-9]/);
    });

    it('answers a revoked grant’s JWT with invalid_token even when its user’s profile cannot be read', async () => {
      const userId = newUser();
      peers.unreadableUsers.add(userId);
      const { jwt, grantId } = await accessToken(key, { userId, clientId: CLIENT, scope: 'openid' });
      await expect(userInfo(jwt)).rejects.toMatchObject({ code: 'temporarily_unavailable' });
      await publish('oauth_token.revoked', { grantId, userId, clientId: CLIENT, reason: 'revoked_by_client' }, grantId);
      await eventually(() => expect(userInfo(jwt)).rejects.toBeInstanceOf(InvalidTokenError));
    });

    it('answers a changed profile once the change is announced (and the old one until then)', async () => {
      const userId = newUser();
      const { jwt } = await accessToken(key, { userId, clientId: CLIENT, scope: 'profile' });
      await expect(userInfo(jwt)).resolves.toMatchObject({ given_name: 'Ada' });
      peers.users.set(userId, profileOf(userId, { firstName: 'Augusta' }));
      await expect(userInfo(jwt)).resolves.toMatchObject({ given_name: 'Ada' });
      await publish('user.updated', { userId }, userId);
      await eventually(() =>
        expect(userInfo(jwt)).resolves.toMatchObject({ given_name: 'Augusta', name: 'Augusta Lovelace' }),
      );
    });

    it('answers a fresh profile once a role change of one of the user’s memberships is announced', async () => {
      const userId = newUser();
      const { jwt } = await accessToken(key, { userId, clientId: CLIENT, scope: 'profile' });
      await expect(userInfo(jwt)).resolves.toMatchObject({ given_name: 'Ada' });
      peers.users.set(userId, profileOf(userId, { firstName: 'Augusta' }));
      await publish(
        'membership.updated',
        { organizationId: 'org_1', userId, role: 'org:admin', previousRole: 'org:member' },
        userId,
      );
      await eventually(() => expect(userInfo(jwt)).resolves.toMatchObject({ given_name: 'Augusta' }));
    });

    it('forgets a deleted user once the deletion is announced', async () => {
      const userId = newUser();
      const { jwt } = await accessToken(key, { userId, clientId: CLIENT, scope: 'openid' });
      await expect(userInfo(jwt)).resolves.toMatchObject({ sub: userId });
      peers.users.delete(userId);
      await publish('user.deleted', { userId }, userId);
      await eventually(() => expect(userInfo(jwt)).rejects.toBeInstanceOf(InvalidTokenError));
    });

    it('answers an organization’s new name and a removed membership once announced', async () => {
      const userId = newUser();
      const orgId = `org_${randomUUID().slice(0, 8)}`;
      peers.memberships.set(userId, [{ id: orgId, name: 'Engines', slug: 'engines', role: 'org:member' }]);
      const { jwt } = await accessToken(key, { userId, clientId: CLIENT, scope: 'user:org:read', orgId });
      await expect(userInfo(jwt)).resolves.toMatchObject({ org_name: 'Engines' });

      peers.memberships.set(userId, [
        { id: orgId, name: 'Difference Engines', slug: 'difference', role: 'org:member' },
      ]);
      await publish('organization.updated', { organizationId: orgId }, orgId);
      await eventually(() =>
        expect(userInfo(jwt)).resolves.toMatchObject({ org_name: 'Difference Engines', org_slug: 'difference' }),
      );

      peers.memberships.set(userId, []);
      await publish('membership.deleted', { organizationId: orgId, userId }, orgId);
      await eventually(async () => expect(await userInfo(jwt)).toEqual(base(userId)));
    });
  });

  it('gives every Redis key it writes a TTL', async () => {
    const keys = await redis.keys(`${infra.redisNamespace}:userinfo:*`);
    expect(keys.length).toBeGreaterThan(0);
    const withoutTtl = [];
    for (const name of keys) if ((await redis.ttl(name)) <= 0) withoutTtl.push(name);
    expect(withoutTtl).toEqual([]);
  });

  it('remembers, once restarted, the revocations announced within an access-token lifetime before', async () => {
    const userId = newUser();
    const { jwt, grantId } = await accessToken(key, { userId, clientId: CLIENT, scope: 'openid' });
    const old = await accessToken(key, { userId, clientId: CLIENT, scope: 'openid' });
    await publish('oauth_token.revoked', { grantId, userId, clientId: CLIENT, reason: 'revoked_by_client' }, grantId);
    // Announced before its tokens' lifetime began: nothing of it may be remembered.
    await publishEvent(connection, {
      type: 'oauth_token.revoked',
      aggregateId: old.grantId,
      payload: { grantId: old.grantId, userId, clientId: CLIENT, reason: 'revoked_by_client' },
      actor: SYSTEM_ACTOR,
      occurredAt: new Date(Date.now() - (ACCESS_TOKEN_TTL_SECONDS + 10) * 1000),
    });
    await eventually(async () => expect(await redis.exists(revokedMark(grantId))).toBe(1));
    await service.close();
    await redis.del(revokedMark(grantId));

    service = await bootApp(userinfoApp, serviceEnv());
    await eventually(() => expect(userInfo(jwt)).rejects.toBeInstanceOf(InvalidTokenError));
    expect(await redis.exists(revokedMark(grantId))).toBe(0);
    await expect(userInfo(old.jwt)).resolves.toMatchObject({ sub: userId });
  });
});

function stored(overrides: Partial<ActiveToken> & { userId: string; scopes: string[] }): ActiveToken {
  const now = Math.floor(Date.now() / 1000);
  return {
    active: true,
    tokenType: 'access_token',
    format: 'opaque',
    grantId: `grant_${randomUUID()}`,
    clientId: CLIENT,
    organizationId: null,
    audience: [ISSUER],
    issuer: ISSUER,
    issuedAt: now,
    expiresAt: now + 3600,
    ...overrides,
  };
}
