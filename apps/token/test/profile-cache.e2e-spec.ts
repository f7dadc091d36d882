import {
  ACCOUNTS_USER_PROFILE_GET,
  EVENT_STREAM,
  TOKEN_TOKEN_INTROSPECT,
  type EventPayloadOf,
  type EventType,
  type RequestOf,
  type TokenResponse,
} from '@tessera/contracts';
import { connectNats } from '@tessera/nats';
import { publishEvent } from '@tessera/testing';
import type { NatsConnection } from 'nats';
import { PROFILE_INVALIDATION_CONSUMER } from '../src/profiles/profile.lookup';
import {
  confidentialClient,
  issueTokens,
  mintCode,
  redeem,
  refresh,
  rejection,
  startTokenService,
  type TokenService,
} from './token-test-kit';

const SCOPES = ['openid', 'profile', 'email', 'offline_access'];

type ProfileRequest = RequestOf<typeof ACCOUNTS_USER_PROFILE_GET>;

describe('token service: user profiles from its own cache (accounts.user_profile.get.v1)', () => {
  let service: TokenService;
  let connection: NatsConnection;
  /** Every profile request the token service sends, as the accounts peer receives it. */
  const profileRequests: ProfileRequest[] = [];
  const client = confidentialClient();

  beforeAll(async () => {
    service = await startTokenService();
    connection = await connectNats(service.infra.nats.url, 'test-profile-requests');
    // A plain subscription beside the peer's queue group receives a copy of every request, and answers none. Its
    // callback records each request as it is parsed, so after a flush of this connection every request the server
    // routed before it is recorded.
    connection.subscribe(ACCOUNTS_USER_PROFILE_GET, {
      callback: (_error, message) => {
        profileRequests.push((JSON.parse(new TextDecoder().decode(message.data)) as { data: ProfileRequest }).data);
      },
    });
    await connection.flush();
  });

  afterAll(async () => {
    await connection?.drain();
    await service?.close();
  });

  /** The profile requests sent for this user so far (the watch's connection is flushed first, see beforeAll). */
  const requestsOf = async (userId: string) => {
    await connection.flush();
    return profileRequests.filter((request) => request.userId === userId);
  };
  const requestsFor = async (userId: string) => (await requestsOf(userId)).length;
  const introspect = (token: string) => service.rpc.send(TOKEN_TOKEN_INTROSPECT, { token });
  const publish = <T extends EventType>(type: T, payload: EventPayloadOf<T>, aggregateId: string) =>
    publishEvent(connection, { type, aggregateId, payload });

  /**
   * Refreshes, each time with the successor, until `done` holds for the response or the refresh is refused (the
   * rejection is returned): an event takes effect a moment after it is published.
   */
  async function refreshUntil(
    tokens: TokenResponse,
    done: (response: TokenResponse) => Promise<boolean>,
    timeoutMs = 10_000,
  ): Promise<TokenResponse | unknown> {
    const deadline = Date.now() + timeoutMs;
    let current = tokens;
    while (Date.now() < deadline) {
      try {
        current = await refresh(service, client, current.refreshToken!);
      } catch (error) {
        return error;
      }
      if (await done(current)) return current;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('the refreshed tokens never changed');
  }

  it('asks the accounts service once for a user’s code exchanges and refreshes', async () => {
    service.profiles.setUser({ id: 'user_steady', firstName: 'Ada' });
    const first = await issueTokens(service, client, { userId: 'user_steady', scopes: SCOPES });
    const second = await issueTokens(service, client, { userId: 'user_steady', scopes: SCOPES });
    const refreshed = await refresh(service, client, first.refreshToken!);
    await refresh(service, client, refreshed.refreshToken!);
    expect(await requestsFor('user_steady')).toBe(1);
    for (const tokens of [first, second, refreshed]) {
      expect(await service.verify(tokens.idToken!, 'JWT')).toMatchObject({ sub: 'user_steady', given_name: 'Ada' });
    }
  });

  it('caches a profile per bound organization', async () => {
    const org = { id: 'org_cached', name: 'Cached', slug: 'cached', role: 'org:member' as const };
    service.profiles.setUser({ id: 'user_member' }, [org]);
    const scopes = ['openid', 'user:org:read', 'offline_access'];
    const bound = await issueTokens(service, client, { userId: 'user_member', scopes, organizationId: org.id });
    await issueTokens(service, client, { userId: 'user_member', scopes });
    await refresh(service, client, bound.refreshToken!);
    expect(await requestsOf('user_member')).toEqual([
      { userId: 'user_member', organizationId: 'org_cached' },
      { userId: 'user_member' },
    ]);
  });

  it('builds the ID token from the cached profile until user.updated is announced, then from the new one', async () => {
    service.profiles.setUser({ id: 'user_renamed', firstName: 'Ada' });
    const first = await issueTokens(service, client, { userId: 'user_renamed', scopes: SCOPES });
    service.profiles.setUser({ id: 'user_renamed', firstName: 'Augusta' });
    const unannounced = await refresh(service, client, first.refreshToken!);
    expect(await service.verify(unannounced.idToken!, 'JWT')).toMatchObject({ given_name: 'Ada' });

    await publish('user.updated', { userId: 'user_renamed' }, 'user_renamed');
    const announced = (await refreshUntil(
      unannounced,
      async (tokens) => (await service.verify(tokens.idToken!, 'JWT')).given_name === 'Augusta',
    )) as TokenResponse;
    expect(await service.verify(announced.idToken!, 'JWT')).toMatchObject({
      given_name: 'Augusta',
      name: 'Augusta Lovelace',
    });
    expect(await requestsFor('user_renamed')).toBe(2);
  });

  it('drops org_id once the removal of the membership is announced', async () => {
    const org = { id: 'org_left', name: 'Left', slug: 'left', role: 'org:member' as const };
    service.profiles.setUser({ id: 'user_leaving_org' }, [org]);
    const first = await issueTokens(service, client, {
      userId: 'user_leaving_org',
      scopes: ['openid', 'user:org:read', 'offline_access'],
      organizationId: org.id,
    });
    expect(await service.verify(first.accessToken, 'at+jwt')).toMatchObject({ org_id: org.id });
    service.profiles.setUser({ id: 'user_leaving_org' }, []);
    await publish('membership.deleted', { organizationId: org.id, userId: 'user_leaving_org' }, org.id);
    const after = (await refreshUntil(
      first,
      async (tokens) => !('org_id' in (await service.verify(tokens.accessToken, 'at+jwt'))),
    )) as TokenResponse;
    expect(await service.verify(after.idToken!, 'JWT')).not.toHaveProperty('org_id');
  });

  it('refuses, and revokes the grant of, a user the accounts service no longer knows once the cache is invalidated', async () => {
    service.profiles.setUser({ id: 'user_vanished' });
    const first = await issueTokens(service, client, { userId: 'user_vanished', scopes: SCOPES });
    service.profiles.deleteUser('user_vanished');
    // Not user.deleted, whose own consumer revokes the grant anyway: here only the cache's invalidation acts.
    await publish('user.updated', { userId: 'user_vanished' }, 'user_vanished');
    const error = await refreshUntil(first, async () => false);
    expect(error).toMatchObject({ code: 'invalid_grant', description: 'The user of this grant no longer exists' });
    expect(await introspect(first.accessToken)).toEqual({ active: false });
  });

  it('refuses, and revokes the grant of, a user whose deletion is announced', async () => {
    service.profiles.setUser({ id: 'user_deleted' });
    const first = await issueTokens(service, client, { userId: 'user_deleted', scopes: SCOPES });
    service.profiles.deleteUser('user_deleted');
    await publish('user.deleted', { userId: 'user_deleted' }, 'user_deleted');
    // Whichever consumer acts first (this cache's, or "token-deletions" revoking the grant), the grant ends.
    const error = await refreshUntil(first, async () => false);
    expect(error).toMatchObject({ code: 'invalid_grant' });
    expect(await introspect(first.accessToken)).toEqual({ active: false });
  });

  it('remembers that a user does not exist', async () => {
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const { code, verifier } = await mintCode(service, client, { userId: 'user_never' });
      expect(await rejection(redeem(service, client, code, { codeVerifier: verifier }))).toMatchObject({
        code: 'invalid_grant',
        description: 'The user of this authorization code no longer exists',
      });
    }
    expect(await requestsFor('user_never')).toBe(1);
  });

  it('keeps its cache honest with a durable consumer of its own', async () => {
    const jsm = await connection.jetstreamManager();
    const consumer = await jsm.consumers.info(EVENT_STREAM, PROFILE_INVALIDATION_CONSUMER);
    expect(consumer.config.durable_name).toBe('token-profile-invalidation');
    expect(await service.redis.exists('profile:user_steady:-')).toBe(1);
  });
});
