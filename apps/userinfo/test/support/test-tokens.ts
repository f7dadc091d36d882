import { publicJwkSchema } from '@tessera/contracts';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWTPayload } from 'jose';
import { randomUUID } from 'node:crypto';

export const ISSUER = 'https://id.example.com';

/** A signing key as the token service holds it: the private half signs, the public JWK is what the JWKS lists. */
export async function signingKey(kid: string) {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const jwk = publicJwkSchema.parse({ ...(await exportJWK(publicKey)), kid, use: 'sig', alg: 'RS256' });
  return { kid, privateKey, jwk };
}
export type SigningKey = Awaited<ReturnType<typeof signingKey>>;

export interface AccessTokenInput {
  userId: string;
  clientId: string;
  scope: string;
  grantId?: string;
  orgId?: string;
  /** Seconds from now. */
  expiresIn?: number;
  typ?: string;
  issuer?: string;
  extra?: JWTPayload;
}

/** An RFC 9068 access token shaped like the token service's (see apps/token/src/issuance/token-claims.ts). */
export async function accessToken(key: { kid: string; privateKey: CryptoKey }, input: AccessTokenInput) {
  const now = Math.floor(Date.now() / 1000);
  const grantId = input.grantId ?? `grant_${randomUUID()}`;
  const jwt = await new SignJWT({
    client_id: input.clientId,
    scope: input.scope,
    grant_id: grantId,
    jti: randomUUID(),
    ...(input.orgId ? { org_id: input.orgId } : {}),
    ...input.extra,
  })
    .setProtectedHeader({ alg: 'RS256', kid: key.kid, typ: input.typ ?? 'at+jwt' })
    .setIssuer(input.issuer ?? ISSUER)
    .setSubject(input.userId)
    .setAudience(ISSUER)
    .setIssuedAt(now - 10)
    .setNotBefore(now - 10)
    .setExpirationTime(now + (input.expiresIn ?? 3600))
    .sign(key.privateKey);
  return { jwt, grantId };
}
