import { Controller, Module, type INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  ACCOUNTS_CREDENTIALS_VERIFY,
  ACCOUNTS_USER_GET,
  ACCOUNTS_USER_ORGANIZATIONS_LIST,
  ACCOUNTS_USER_PROFILE_GET,
  FormPasswordIncorrectError,
  InvalidClientError,
  InvalidRequestError,
  InvalidScopeError,
  REGISTRY_AUTHORIZATION_CHECK,
  REGISTRY_CLIENT_GET,
  ResourceNotFoundError,
  TemporarilyUnavailableError,
  TOKEN_CODE_MINT,
  TOKEN_GRANTS_REVOKE_FOR_CONSENT,
  TOKEN_JWKS_GET,
  type ClientView,
  type OrganizationSummary,
  type PublicJwk,
  type ValidRequestOf,
} from '@tessera/contracts';
import { createLogger } from '@tessera/logging';
import { RpcErrorFilter, TesseraNatsServer, Handles } from '@tessera/nats';

/**
 * Small, real NATS responders for the authorize service's peers (client registry, accounts, token), with the
 * behaviour their contracts document. Tests arrange them through `peers` and read what they were asked.
 */
export interface FakeUser {
  id: string;
  email: string;
  username: string;
  password: string;
  organizations: OrganizationSummary[];
}

export const peers = {
  clients: new Map<string, ClientView>(),
  users: [] as FakeUser[],
  jwks: [] as PublicJwk[],
  minted: [] as Array<ValidRequestOf<typeof TOKEN_CODE_MINT>>,
  checked: [] as Array<ValidRequestOf<typeof REGISTRY_AUTHORIZATION_CHECK>>,
  revokedConsents: [] as string[],
  tokenDown: false,
  reset() {
    this.clients.clear();
    this.users = [];
    this.jwks = [];
    this.minted = [];
    this.checked = [];
    this.revokedConsents = [];
    this.tokenDown = false;
  },
};

export function client(overrides: Partial<ClientView> & { clientId: string }): ClientView {
  return {
    id: `oa_${overrides.clientId}`,
    name: 'Example App',
    public: false,
    scopes: ['openid', 'profile', 'email', 'offline_access', 'user:org:read', 'private_metadata'],
    redirectUris: ['https://app.example/callback'],
    consentScreenEnabled: true,
    pkceRequired: false,
    dynamicallyRegistered: false,
    accessTokenFormat: 'jwt',
    logoUri: null,
    clientUri: null,
    ...overrides,
  };
}

@Controller()
class FakeRegistry {
  @Handles(REGISTRY_AUTHORIZATION_CHECK)
  async check(request: ValidRequestOf<typeof REGISTRY_AUTHORIZATION_CHECK>) {
    peers.checked.push(request);
    const found = peers.clients.get(request.clientId);
    if (!found) throw new InvalidClientError('Unknown client', { param: 'client_id' });
    let redirectUri = request.redirectUri;
    if (redirectUri === undefined) {
      if (found.redirectUris.length !== 1) {
        throw new InvalidRequestError('The "redirect_uri" parameter is required', { param: 'redirect_uri' });
      }
      redirectUri = found.redirectUris[0];
    } else if (!found.redirectUris.includes(redirectUri)) {
      throw new InvalidRequestError('The "redirect_uri" parameter does not match a registered redirect URI', {
        param: 'redirect_uri',
      });
    }
    const scopes = [...new Set((request.scope ?? 'profile email').split(' ').filter(Boolean))];
    const refused = scopes.find((scope) => !found.scopes.includes(scope));
    if (refused) throw new InvalidScopeError(`The client may not request the scope "${refused}"`, { param: 'scope' });
    return { client: found, redirectUri, scopes };
  }

  @Handles(REGISTRY_CLIENT_GET)
  async get(request: ValidRequestOf<typeof REGISTRY_CLIENT_GET>) {
    const found = peers.clients.get(request.clientId);
    if (!found) throw new InvalidClientError('Unknown client');
    return found;
  }
}

const userById = (id: string) => peers.users.find((user) => user.id === id);

@Controller()
class FakeAccounts {
  @Handles(ACCOUNTS_CREDENTIALS_VERIFY)
  async verify(request: ValidRequestOf<typeof ACCOUNTS_CREDENTIALS_VERIFY>) {
    const identifier = request.identifier.toLowerCase();
    const user = peers.users.find((candidate) => [candidate.email, candidate.username].includes(identifier));
    if (!user || user.password !== request.password) {
      throw new FormPasswordIncorrectError('Password is incorrect. Try again, or use another method.');
    }
    return { userId: user.id };
  }

  @Handles(ACCOUNTS_USER_PROFILE_GET)
  async profile(request: ValidRequestOf<typeof ACCOUNTS_USER_PROFILE_GET>) {
    const user = userById(request.userId);
    if (!user) throw new ResourceNotFoundError('No such user');
    return {
      id: user.id,
      username: user.username,
      firstName: null,
      lastName: null,
      imageUrl: null,
      primaryEmail: user.email,
      emailVerified: true,
      publicMetadata: {},
      privateMetadata: {},
      unsafeMetadata: {},
      updatedAt: 1,
      organization: null,
    };
  }

  @Handles(ACCOUNTS_USER_ORGANIZATIONS_LIST)
  async organizations(request: ValidRequestOf<typeof ACCOUNTS_USER_ORGANIZATIONS_LIST>) {
    return { organizations: userById(request.userId)?.organizations ?? [] };
  }

  @Handles(ACCOUNTS_USER_GET)
  async user(request: ValidRequestOf<typeof ACCOUNTS_USER_GET>) {
    const user = userById(request.userId);
    if (!user) throw new ResourceNotFoundError(`No user was found with id ${request.userId}`);
    return {
      id: user.id,
      username: user.username,
      firstName: null,
      lastName: null,
      imageUrl: null,
      primaryEmailAddressId: 'idn_1',
      emailAddresses: [{ id: 'idn_1', emailAddress: user.email, verificationStatus: 'verified' as const }],
      publicMetadata: {},
      privateMetadata: {},
      unsafeMetadata: {},
      passwordEnabled: true,
      createdAt: 1,
      updatedAt: 1,
    };
  }
}

@Controller()
class FakeToken {
  @Handles(TOKEN_CODE_MINT)
  async mint(request: ValidRequestOf<typeof TOKEN_CODE_MINT>) {
    if (peers.tokenDown) throw new TemporarilyUnavailableError('The token service is temporarily unavailable');
    peers.minted.push(request);
    return { code: `code-${peers.minted.length}` };
  }

  @Handles(TOKEN_JWKS_GET)
  async jwks() {
    return { keys: peers.jwks };
  }

  @Handles(TOKEN_GRANTS_REVOKE_FOR_CONSENT)
  async revokeForConsent(request: ValidRequestOf<typeof TOKEN_GRANTS_REVOKE_FOR_CONSENT>) {
    if (peers.tokenDown) throw new TemporarilyUnavailableError('The token service is temporarily unavailable');
    peers.revokedConsents.push(request.consentId);
    return { revokedGrants: 1 };
  }
}

@Module({ controllers: [FakeRegistry, FakeAccounts, FakeToken] })
class FakePeersModule {}

/** Starts the fake peers on the test's NATS server (one queue group each, like the real services). */
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
