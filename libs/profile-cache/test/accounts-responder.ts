import {
  ACCOUNTS_USER_PROFILE_GET,
  ResourceNotFoundError,
  toErrorEnvelope,
  type UserProfile,
} from '@tessera/contracts';
import { connectNats } from '@tessera/nats';

/**
 * A stand-in accounts service: a real NATS handler of `accounts.user_profile.get.v1` in Nest's wire format,
 * answering from the profiles the test sets (ResourceNotFound for any other user) and recording every request.
 */
export async function startAccountsResponder(natsUrl: string) {
  const profiles = new Map<string, UserProfile>();
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
      const profile = profiles.get(packet.data.userId);
      const reply = profile
        ? { response: profile }
        : { err: toErrorEnvelope(new ResourceNotFoundError(`No user ${packet.data.userId}`)) };
      message.respond(encoder.encode(JSON.stringify({ id: packet.id, isDisposed: true, ...reply })));
    }
  })();
  await connection.flush();

  return {
    profiles,
    /** How many times the user's profile was asked for. */
    requestsFor: (userId: string) => requests.filter((request) => request.userId === userId).length,
    lastRequest: () => requests.at(-1),
    close: () => connection.drain(),
  };
}

export function profileOf(id: string, overrides: Partial<UserProfile> = {}): UserProfile {
  return {
    id,
    username: 'ada',
    firstName: 'Ada',
    lastName: 'Lovelace',
    imageUrl: null,
    primaryEmail: 'ada@example.com',
    emailVerified: true,
    publicMetadata: {},
    privateMetadata: {},
    unsafeMetadata: {},
    updatedAt: 1_700_000_000,
    organization: null,
    ...overrides,
  };
}
