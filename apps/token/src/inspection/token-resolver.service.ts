import { Injectable } from '@nestjs/common';
import type { JWTPayload } from 'jose';
import { OwnJwtVerifier } from '../keys/own-jwt-verifier.service';
import { OpaqueTokenStore } from '../issuance/opaque-token.store';
import { tokenKind } from '../issuance/token-formats';
import { RefreshTokenRepository } from '../refresh/refresh-token.repository';

/** What any token Tessera issued says, once found or verified. Revocation of its grant is checked separately. */
export interface ResolvedToken {
  format: 'jwt' | 'opaque' | 'refresh';
  grantId: string;
  clientId: string;
  userId: string;
  scopes: string[];
  organizationId: string | null;
  audience: string[];
  /** Unix seconds. */
  issuedAt: number;
  expiresAt: number;
  jti?: string;
  /** Unexpired; for refresh tokens also not rotated away and not revoked. */
  live: boolean;
}

/**
 * Turns a presented token into what it stands for, by its self-describing format: an `oat_` token from storage, a
 * JWT access token by its signature (RFC 9068 `typ`), an `ort_` refresh token from its family. Anything else,
 * including ID tokens and tokens of another issuer, resolves to nothing.
 */
@Injectable()
export class TokenResolver {
  constructor(
    private readonly opaqueTokens: OpaqueTokenStore,
    private readonly refreshTokens: RefreshTokenRepository,
    private readonly jwts: OwnJwtVerifier,
  ) {}

  async resolve(token: string): Promise<ResolvedToken | undefined> {
    switch (tokenKind(token)) {
      case 'opaque': {
        const record = await this.opaqueTokens.find(token);
        return record && { format: 'opaque', ...record, live: true };
      }
      case 'refresh': {
        const view = await this.refreshTokens.find(token);
        if (!view) return undefined;
        const { grant } = view;
        return {
          format: 'refresh',
          grantId: grant.id,
          clientId: grant.clientId,
          userId: grant.userId,
          scopes: grant.scopes,
          organizationId: grant.organizationId,
          audience: [],
          issuedAt: view.issuedAt,
          expiresAt: view.expiresAt,
          live: view.live,
        };
      }
      case 'jwt': {
        const payload = await this.jwts.verify(token, 'at+jwt');
        return payload && fromAccessTokenClaims(payload);
      }
      default:
        return undefined;
    }
  }
}

function fromAccessTokenClaims(payload: JWTPayload): ResolvedToken | undefined {
  const { grant_id: grantId, client_id: clientId, scope, org_id: organizationId } = payload;
  if (typeof grantId !== 'string' || typeof clientId !== 'string' || typeof payload.sub !== 'string') return undefined;
  return {
    format: 'jwt',
    grantId,
    clientId,
    userId: payload.sub,
    scopes: typeof scope === 'string' && scope ? scope.split(' ') : [],
    organizationId: typeof organizationId === 'string' ? organizationId : null,
    audience: payload.aud === undefined ? [] : [payload.aud].flat(),
    issuedAt: payload.iat ?? 0,
    expiresAt: payload.exp ?? 0,
    jti: payload.jti,
    live: true,
  };
}
