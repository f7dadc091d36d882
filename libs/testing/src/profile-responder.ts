import {
  ACCOUNTS_USER_PROFILE_GET,
  ResourceNotFoundError,
  toErrorEnvelope,
  type OrganizationSummary,
  type UserProfile,
} from '@tessera/contracts';
import { connectNats } from '@tessera/nats';

/**
 * A stand-in accounts service for the integration tests of the services that read profiles (token, the profile
 * cache): a real NATS handler of `accounts.user_profile.get.v1`, speaking Nest's wire format, answering from the
 * profiles the test sets (ResourceNotFound for any other user) and recording every request. (The full-stack tests
 * in e2e/ use the real accounts service.)
 */
export async function startProfileResponder(natsUrl: string) {
  const profiles = new Map<string, UserProfile>();
  const memberships = new Map<string, OrganizationSummary[]>();
  const requests: Array<{ userId: string; organizationId?: string }> = [];
  const connection = await connectNats(natsUrl, 'test-accounts');
  const subscription = connection.subscribe(ACCOUNTS_USER_PROFILE_GET, { queue: 'accounts' });
  const encoder = new TextEncoder();
  void (async () => {
    for await (const message of subscription) {
      const packet = JSON.parse(new TextDecoder().decode(message.data)) as {
        id: string;
        data: { userId: string; organizationId?: string };
      };
      requests.push(packet.data);
      const { userId, organizationId } = packet.data;
      const profile = profiles.get(userId);
      const reply = profile
        ? {
            response: {
              ...profile,
              organization: (memberships.get(userId) ?? []).find((org) => org.id === organizationId) ?? null,
            },
          }
        : { err: toErrorEnvelope(new ResourceNotFoundError(`No user ${userId}`)) };
      message.respond(encoder.encode(JSON.stringify({ id: packet.id, isDisposed: true, ...reply })));
    }
  })();
  await connection.flush();

  return {
    /** Creates or replaces a user's profile; `organizations` are the user's memberships. */
    setUser(profile: Partial<UserProfile> & { id: string }, organizations: OrganizationSummary[] = []) {
      profiles.set(profile.id, profileOf(profile.id, profile));
      memberships.set(profile.id, organizations);
    },
    deleteUser(userId: string) {
      profiles.delete(userId);
    },
    /** How many times the user's profile was asked for. */
    requestsFor: (userId: string) => requests.filter((request) => request.userId === userId).length,
    lastRequest: () => requests.at(-1),
    close: () => connection.drain(),
  };
}

export type ProfileResponder = Awaited<ReturnType<typeof startProfileResponder>>;

/** A complete profile: Ada's, under the given id, with `overrides`. */
export function profileOf(id: string, overrides: Partial<UserProfile> = {}): UserProfile {
  return {
    id,
    username: 'ada',
    firstName: 'Ada',
    lastName: 'Lovelace',
    imageUrl: 'https://img.example.com/ada.png',
    primaryEmail: 'ada@example.com',
    emailVerified: true,
    publicMetadata: { plan: 'pro' },
    privateMetadata: { internal: true },
    unsafeMetadata: { theme: 'dark' },
    updatedAt: 1_700_000_000,
    organization: null,
    ...overrides,
  };
}
