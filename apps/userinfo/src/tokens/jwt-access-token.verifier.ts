import { Inject, Injectable } from '@nestjs/common';
import { TesseraError, type ActiveToken } from '@tessera/contracts';
import { jwtVerify, type JWTPayload } from 'jose';
import { JwksKeySet } from '../keys/jwks-key-set';
import { USERINFO_CONFIG, type UserinfoConfig } from '../userinfo.config';
import { VerifiedTokenCache } from './verified-token.cache';

/** The algorithms the token service may sign with (its SIGNING_ALG choices). */
const ALGORITHMS = ['RS256', 'ES256', 'EdDSA'];

/**
 * Verifies a JWT access token (RFC 9068) locally: signature against the JWKS, `typ: at+jwt` (so an ID token is
 * not an access token, RFC 9068 §4), this issuer, `exp`/`nbf` with a small leeway, and the claims Tessera's access
 * tokens always carry. Revocation is the caller's next check. A token that verified is remembered for a while
 * (VerifiedTokenCache), so repeated calls with one token skip the signature check.
 */
@Injectable()
export class JwtAccessTokenVerifier {
  constructor(
    private readonly keys: JwksKeySet,
    @Inject(VerifiedTokenCache) private readonly verified: VerifiedTokenCache,
    @Inject(USERINFO_CONFIG) private readonly config: UserinfoConfig,
  ) {}

  /** What the token verified to lately, if it did (then it needs no verification). */
  recall(token: string): ActiveToken | undefined {
    return this.verified.get(token);
  }

  /**
   * What the token says, or undefined when it is not a valid, current access token of this issuer. Verifies it
   * whether remembered or not: `recall` first.
   */
  async verify(token: string): Promise<ActiveToken | undefined> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.keys.getKey, {
        issuer: this.config.ISSUER,
        typ: 'at+jwt',
        algorithms: ALGORITHMS,
        clockTolerance: this.config.JWT_CLOCK_TOLERANCE_SECONDS,
        requiredClaims: ['exp', 'iat', 'sub', 'client_id', 'jti', 'grant_id'],
      }));
    } catch (error) {
      // The keys could not be fetched at all: that is an outage, not a bad token.
      if (error instanceof TesseraError) throw error;
      return undefined;
    }
    const active = activeTokenFromClaims(payload, this.config.ISSUER);
    if (active) this.verified.remember(token, active);
    return active;
  }
}

/** RFC 9068 §2.2 claims (plus Tessera's `grant_id` and `org_id`) as the token service's introspection shape. */
export function activeTokenFromClaims(payload: JWTPayload, issuer: string): ActiveToken | undefined {
  const { sub, jti, iat, exp, scope, grant_id: grantId, client_id: clientId, org_id: organizationId } = payload;
  if (typeof sub !== 'string' || typeof grantId !== 'string' || typeof clientId !== 'string') return undefined;
  if (typeof jti !== 'string' || typeof iat !== 'number' || typeof exp !== 'number') return undefined;
  return {
    active: true,
    tokenType: 'access_token',
    format: 'jwt',
    grantId,
    clientId,
    userId: sub,
    scopes: typeof scope === 'string' ? scope.split(' ').filter(Boolean) : [],
    organizationId: typeof organizationId === 'string' ? organizationId : null,
    audience: payload.aud === undefined ? [] : [payload.aud].flat(),
    issuer,
    issuedAt: iat,
    expiresAt: exp,
    jti,
  };
}
