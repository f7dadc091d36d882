import { Controller, Module, type INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  ACCOUNTS_USER_PROFILE_GET,
  ResourceNotFoundError,
  TemporarilyUnavailableError,
  TOKEN_JWKS_GET,
  TOKEN_TOKEN_INTROSPECT,
  type ActiveToken,
  type OrganizationSummary,
  type PublicJwk,
  type UserProfile,
  type ValidRequestOf,
} from '@tessera/contracts';
import { createLogger } from '@tessera/logging';
import { Handles, RpcErrorFilter, TesseraNatsServer } from '@tessera/nats';

/**
 * Real NATS responders standing in for the userinfo service's peers — the token service (JWKS, introspection of
 * opaque and refresh tokens) and the accounts service (profiles) — with the behaviour their contracts document.
 * Tests arrange them through `peers` and read what they were asked. (e2e/src/userinfo runs the real ones.)
 */
export const peers = {
  jwks: [] as PublicJwk[],
  jwksFetches: 0,
  /** Opaque and refresh tokens the token service knows, by value. */
  storedTokens: new Map<string, ActiveToken>(),
  introspections: [] as Array<ValidRequestOf<typeof TOKEN_TOKEN_INTROSPECT>>,
  users: new Map<string, UserProfile>(),
  memberships: new Map<string, OrganizationSummary[]>(),
  profileFetches: [] as Array<ValidRequestOf<typeof ACCOUNTS_USER_PROFILE_GET>>,
  /** Users whose profile the accounts service fails to read (answered temporarily_unavailable). */
  unreadableUsers: new Set<string>(),
};

@Controller()
class FakeToken {
  @Handles(TOKEN_JWKS_GET)
  async jwks() {
    peers.jwksFetches += 1;
    return { keys: peers.jwks };
  }

  @Handles(TOKEN_TOKEN_INTROSPECT)
  async introspect(request: ValidRequestOf<typeof TOKEN_TOKEN_INTROSPECT>) {
    peers.introspections.push(request);
    return peers.storedTokens.get(request.token) ?? { active: false as const };
  }
}

@Controller()
class FakeAccounts {
  @Handles(ACCOUNTS_USER_PROFILE_GET)
  async profile(request: ValidRequestOf<typeof ACCOUNTS_USER_PROFILE_GET>) {
    peers.profileFetches.push(request);
    if (peers.unreadableUsers.has(request.userId)) {
      throw new TemporarilyUnavailableError('The accounts service is temporarily unavailable');
    }
    const user = peers.users.get(request.userId);
    if (!user) throw new ResourceNotFoundError('User not found');
    const organization =
      (peers.memberships.get(request.userId) ?? []).find((org) => org.id === request.organizationId) ?? null;
    return { ...user, organization };
  }
}

@Module({ controllers: [FakeToken, FakeAccounts] })
class FakePeersModule {}

/** Starts the fake peers on the test's NATS server. */
export async function startFakePeers(natsUrl: string): Promise<INestMicroservice> {
  const logger = createLogger('fake-peers', 'silent');
  const app = await NestFactory.createMicroservice(FakePeersModule, {
    strategy: new TesseraNatsServer({ url: natsUrl, queue: 'fake-peers', connectionName: 'fake-peers' }, logger),
    logger: false,
  });
  app.useGlobalFilters(new RpcErrorFilter(logger));
  await app.listen();
  return app;
}
