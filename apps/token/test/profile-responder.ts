import {
  ACCOUNTS_USER_PROFILE_GET,
  ResourceNotFoundError,
  toErrorEnvelope,
  type OrganizationSummary,
  type UserProfile,
} from '@tessera/contracts';
import { connectNats } from '@tessera/nats';

/**
 * A stand-in peer for the accounts service in the token service's integration tests: a real NATS handler of
 * `accounts.user_profile.get.v1`, speaking Nest's wire format, answering from the profiles the test sets.
 * (The full-stack tests in e2e/src/token use the real accounts service.)
 */
export async function startProfileResponder(natsUrl: string) {
  const profiles = new Map<string, UserProfile>();
  const memberships = new Map<string, OrganizationSummary[]>();
  const connection = await connectNats(natsUrl, 'test-accounts');
  const subscription = connection.subscribe(ACCOUNTS_USER_PROFILE_GET, { queue: 'accounts' });
  const encoder = new TextEncoder();
  void (async () => {
    for await (const message of subscription) {
      const packet = JSON.parse(new TextDecoder().decode(message.data)) as {
        id: string;
        data: { userId: string; organizationId?: string };
      };
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
      profiles.set(profile.id, { ...defaultProfile(profile.id), ...profile });
      memberships.set(profile.id, organizations);
    },
    deleteUser(userId: string) {
      profiles.delete(userId);
    },
    close: () => connection.drain(),
  };
}

export type ProfileResponder = Awaited<ReturnType<typeof startProfileResponder>>;

function defaultProfile(id: string): UserProfile {
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
  };
}
