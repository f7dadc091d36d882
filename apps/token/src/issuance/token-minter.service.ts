import { Inject, Injectable } from '@nestjs/common';
import type { ExchangeClient, TokenResponse, UserProfile } from '@tessera/contracts';
import { randomHex } from '@tessera/crypto';
import type { SqlWriter } from '@tessera/database';
import type { Grant } from '../grants/grant';
import { JwtSigner } from '../keys/jwt-signer.service';
import { RefreshTokenRepository } from '../refresh/refresh-token.repository';
import { TOKEN_CONFIG, type TokenConfig } from '../token.config';
import { OpaqueTokenStore, type OpaqueTokenRecord } from './opaque-token.store';
import { ACCESS_TOKEN_PREFIX } from './token-formats';
import { accessTokenAudience, accessTokenClaims, boundOrganization, idTokenClaims } from './token-claims';

export interface MintInput {
  grant: Grant;
  /** The scopes of this access token: the grant's, or fewer on a narrowing refresh. */
  scopes: string[];
  format: ExchangeClient['accessTokenFormat'];
  /** The user's current profile; required when the scopes include openid or user:org:read. */
  profile: UserProfile | null;
  nonce?: string;
  withRefreshToken: boolean;
}

/** A token response signed but not yet stored: what `persist` still has to write, in the caller's transaction. */
export interface SignedTokens {
  grantId: string;
  /** Without its refresh token, which `persist` creates. */
  response: TokenResponse;
  /** The record of an opaque access token; null for a JWT, which needs no row. */
  opaqueRecord: OpaqueTokenRecord | null;
  withRefreshToken: boolean;
}

/**
 * Issues one token response for a grant: access token (JWT or opaque), ID token with openid, refresh token.
 *
 * In two steps, because the signatures are the slowest part of an exchange (two RS256 signatures, a few ms of
 * CPU on a busy machine): `sign` needs no database and runs before the caller's transaction, `persist` writes
 * the rows inside it. Signing inside the transaction held a pooled connection (and, on refresh, the refresh
 * token's row lock) for the whole signing time, and under 32 concurrent refreshes requests waited out the pool's
 * connection timeout. Tokens signed for an exchange that then fails are never sent anywhere.
 */
@Injectable()
export class TokenMinter {
  constructor(
    private readonly signer: JwtSigner,
    private readonly opaqueTokens: OpaqueTokenStore,
    private readonly refreshTokens: RefreshTokenRepository,
    @Inject(TOKEN_CONFIG) private readonly config: TokenConfig,
  ) {}

  async sign(input: MintInput): Promise<SignedTokens> {
    const { grant, scopes, profile } = input;
    const issuedAt = Math.floor(Date.now() / 1000);
    const expiresAt = issuedAt + this.config.ACCESS_TOKEN_TTL_SECONDS;
    const organizationId = boundOrganization(scopes, profile);
    const audience = accessTokenAudience(grant, this.config.ISSUER);

    let accessToken: string;
    let opaqueRecord: OpaqueTokenRecord | null = null;
    if (input.format === 'jwt') {
      // RFC 9068 §2.1: `typ: at+jwt`, so that an access token can never pass for an ID token.
      const claims = accessTokenClaims({ grant, scopes, audience, organizationId, jti: newAccessTokenId(16) });
      accessToken = await this.signer.sign(claims, { typ: 'at+jwt', issuedAt, expiresAt, notBefore: true });
    } else {
      accessToken = newAccessTokenId(32);
      opaqueRecord = {
        grantId: grant.id,
        clientId: grant.clientId,
        userId: grant.userId,
        scopes,
        organizationId,
        audience,
        issuedAt,
        expiresAt,
      };
    }

    const response: TokenResponse = {
      accessToken,
      tokenType: 'Bearer',
      expiresIn: this.config.ACCESS_TOKEN_TTL_SECONDS,
      scope: scopes.join(' '),
    };
    if (scopes.includes('openid')) {
      if (!profile) throw new Error('An ID token needs the user profile');
      const alg = await this.signer.alg();
      const claims = idTokenClaims({
        grant,
        scopes,
        profile,
        accessToken,
        alg,
        jti: randomHex(16),
        nonce: input.nonce,
      });
      response.idToken = await this.signer.sign(claims, {
        typ: 'JWT',
        issuedAt,
        expiresAt: issuedAt + this.config.ID_TOKEN_TTL_SECONDS,
      });
    }
    return { grantId: grant.id, response, opaqueRecord, withRefreshToken: input.withRefreshToken };
  }

  /**
   * Writes what `sign` left to store, in the caller's transaction; returns a copy of the response. `replacing`:
   * the hash of the refresh token this response rotates, marked used with the new one as its successor.
   */
  async persist(manager: SqlWriter, signed: SignedTokens, replacing?: string): Promise<TokenResponse> {
    const response = { ...signed.response };
    await this.persistAccessToken(manager, signed);
    if (signed.withRefreshToken) {
      response.refreshToken = (await this.refreshTokens.create(manager, signed.grantId, replacing)).token;
    }
    return response;
  }

  /**
   * The opaque access token's row, if `signed` has one; nothing for a JWT. For a change that stores the refresh
   * token itself (RefreshTokenGrant's one-statement rotation).
   */
  async persistAccessToken(writer: SqlWriter, signed: SignedTokens): Promise<void> {
    if (signed.opaqueRecord) await this.opaqueTokens.save(writer, signed.response.accessToken, signed.opaqueRecord);
  }
}

/** `oat_` + hex: 16 random bytes for a JWT's jti (Clerk's `^oat_[0-9a-f]{32}$`), 32 for an opaque token. */
const newAccessTokenId = (bytes: number) => `${ACCESS_TOKEN_PREFIX}${randomHex(bytes)}`;
