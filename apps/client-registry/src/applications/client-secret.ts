import { constantTimeEqual, randomHex, randomToken, sha256 } from '@tessera/crypto';

/** `oa_` + 32 hex: the application's id in the admin API. */
export const newApplicationId = (): string => `oa_${randomHex(16)}`;

/** 24 random bytes as 32 url-safe characters: unguessable, and safe in Basic credentials and URLs. */
export const newClientId = (): string => randomToken(24);

/** 32 random bytes (256 bits), base64url. Shown to the admin once; only its hash is stored. */
export const newClientSecret = (): string => randomToken(32);

/**
 * How a client secret is stored. A slow password hash (argon2) protects low-entropy human secrets against
 * offline guessing; these secrets are 256-bit random values that no dictionary or brute force can reach, so a
 * single SHA-256 is as safe and keeps client authentication — on every token request — cheap. No pepper exists
 * in this deployment to make an HMAC worth more than the hash.
 */
export const hashClientSecret = (secret: string): string => sha256(secret);

/** Constant-time check of a presented secret against the stored hash; false when there is no stored hash. */
export function clientSecretMatches(presented: string | undefined, storedHash: string | null): boolean {
  // Hash even when there is nothing to compare, so that a missing client or secret costs the same time.
  const presentedHash = hashClientSecret(presented ?? '');
  if (presented === undefined || presented === '' || storedHash === null) return false;
  return constantTimeEqual(presentedHash, storedHash);
}
