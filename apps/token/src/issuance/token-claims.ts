import { profileClaims, type UserProfile } from '@tessera/contracts';
import { createHash } from 'node:crypto';
import type { SigningAlg } from '../keys/key-material';
import type { Grant } from '../grants/grant';

export interface ClaimTimes {
  /** Unix seconds. */
  issuedAt: number;
  expiresAt: number;
}

/** The organization bound to the tokens: only with `user:org:read`, and only while the user is a member. */
export function boundOrganization(scopes: readonly string[], profile: UserProfile | null): string | null {
  return scopes.includes('user:org:read') ? (profile?.organization?.id ?? null) : null;
}

/** RFC 8707 §2: the granted resources, else the issuer itself (so that `aud` is never absent). */
export function accessTokenAudience(grant: Grant, issuer: string): string[] {
  return grant.resources.length ? grant.resources : [issuer];
}

/**
 * RFC 9068 §2.2 claims of a JWT access token (iss, exp, iat and the header are added by the signer). `grant_id`
 * (the name OAuth Grant Management uses) lets a resource server or the userinfo service check revocation.
 */
export function accessTokenClaims(input: {
  grant: Grant;
  scopes: readonly string[];
  audience: string[];
  organizationId: string | null;
  jti: string;
}): Record<string, unknown> {
  return {
    sub: input.grant.userId,
    aud: input.audience.length === 1 ? input.audience[0] : input.audience,
    client_id: input.grant.clientId,
    scope: input.scopes.join(' '),
    jti: input.jti,
    grant_id: input.grant.id,
    ...(input.organizationId ? { org_id: input.organizationId } : {}),
  };
}

/**
 * OpenID Connect Core §2 and §3.1.3.6 ID token claims, plus the profile claims the scopes unlock (Clerk's table).
 * The nonce is sent only on the ID token of the code exchange (OIDC Core §12.2: not on refresh).
 */
export function idTokenClaims(input: {
  grant: Grant;
  scopes: readonly string[];
  profile: UserProfile;
  accessToken: string;
  alg: SigningAlg;
  jti: string;
  nonce?: string;
}): Record<string, unknown> {
  return {
    ...profileClaims(input.profile, input.scopes),
    sub: input.grant.userId,
    aud: input.grant.clientId,
    azp: input.grant.clientId,
    auth_time: input.grant.authTime,
    jti: input.jti,
    at_hash: accessTokenHash(input.accessToken, input.alg),
    ...(input.nonce !== undefined ? { nonce: input.nonce } : {}),
  };
}

/**
 * OIDC Core §3.1.3.6: base64url of the left half of the hash of the access token, with the hash of the ID
 * token's `alg` (SHA-256 for RS256 and ES256; SHA-512 for EdDSA with Ed25519, as OpenID's errata settle it).
 */
export function accessTokenHash(accessToken: string, alg: SigningAlg): string {
  const digest = createHash(alg === 'EdDSA' ? 'sha512' : 'sha256')
    .update(accessToken, 'ascii')
    .digest();
  return digest.subarray(0, digest.length / 2).toString('base64url');
}
