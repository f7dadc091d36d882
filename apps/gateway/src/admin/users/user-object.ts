import type { UserView } from '@tessera/contracts';

/** Clerk's Backend API `User` object, with the fields Tessera keeps. Timestamps are Unix milliseconds. */
export function toClerkUser(user: UserView) {
  return {
    object: 'user' as const,
    id: user.id,
    username: user.username,
    first_name: user.firstName,
    last_name: user.lastName,
    image_url: user.imageUrl,
    primary_email_address_id: user.primaryEmailAddressId,
    email_addresses: user.emailAddresses.map((email) => ({
      id: email.id,
      email_address: email.emailAddress,
      verification: { status: email.verificationStatus },
    })),
    public_metadata: user.publicMetadata,
    private_metadata: user.privateMetadata,
    unsafe_metadata: user.unsafeMetadata,
    password_enabled: user.passwordEnabled,
    created_at: user.createdAt,
    updated_at: user.updatedAt,
  };
}

/** Clerk's `DeletedObject`. */
export const deletedObject = (object: 'user' | 'organization', id: string) => ({ object, id, deleted: true as const });

/** Clerk's paginated list shape. */
export const listOf = <T, R>(page: { data: T[]; totalCount: number }, toObject: (item: T) => R) => ({
  data: page.data.map(toObject),
  total_count: page.totalCount,
});
