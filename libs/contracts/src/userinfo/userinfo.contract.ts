import { z } from 'zod';
import { requestContract } from '../contract';

/**
 * /oauth/userinfo after the gateway has read the access token off the request (RFC 6750 §2). The userinfo service
 * verifies the token, checks its scopes and answers the claims; a bad, expired or revoked token (or a deleted
 * user) is `invalid_token`, a token with no scope userinfo serves is `insufficient_scope`.
 */
export const getUserInfoRequest = z.object({ accessToken: z.string().min(1).max(8192) }).strict();

/**
 * Clerk's `OAuth.UserInfo` object. Its members are claim names (OpenID Connect Core §5.1 and Clerk's own), not
 * message fields, so they keep their wire spelling and the gateway sends the object as it is. Each claim after
 * `sub` is present only when a granted scope unlocks it and it has a value.
 */
export const userInfoSchema = z.object({
  object: z.literal('oauth_user_info'),
  instance_id: z.string(),
  user_id: z.string(),
  /** The user id, as in the ID token. */
  sub: z.string(),
  email: z.string().optional(),
  email_verified: z.boolean().optional(),
  family_name: z.string().optional(),
  given_name: z.string().optional(),
  name: z.string().optional(),
  picture: z.string().optional(),
  preferred_username: z.string().optional(),
  /** Deprecated by Clerk in favour of preferred_username; still sent with `profile`. */
  username: z.string().optional(),
  public_metadata: z.record(z.unknown()).optional(),
  private_metadata: z.record(z.unknown()).optional(),
  unsafe_metadata: z.record(z.unknown()).optional(),
  org_id: z.string().optional(),
  org_name: z.string().optional(),
  org_slug: z.string().optional(),
});
export type UserInfo = z.infer<typeof userInfoSchema>;

export const getUserInfoContract = requestContract(getUserInfoRequest, userInfoSchema);
