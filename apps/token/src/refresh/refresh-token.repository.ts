import { Inject, Injectable } from '@nestjs/common';
import { randomToken, sha256 } from '@tessera/crypto';
import type { SqlWriter, WriteCondition } from '@tessera/database';
import { DataSource, type EntityManager } from 'typeorm';
import { GRANT_COLUMNS, type Grant } from '../grants/grant';
import { REFRESH_TOKEN_PREFIX } from '../issuance/token-formats';
import { TOKEN_CONFIG, type TokenConfig } from '../token.config';

/** A refresh token row, locked, with its grant and the state the rotation rules need. */
export interface LockedRefreshToken {
  hash: string;
  /** The hash of the token that replaced this one, once used. */
  replacedBy: string | null;
  grant: Grant;
  grantRevoked: boolean;
  expired: boolean;
  used: boolean;
  /** Used within REFRESH_REUSE_GRACE_SECONDS, and its successor has not been used yet. */
  inGraceWindow: boolean;
}

/** A refresh token as introspection and revocation see it, without locking. */
export interface RefreshTokenView {
  grant: Grant;
  /** Not used (rotated away), not expired, grant not revoked. */
  live: boolean;
  /** Unix seconds. */
  issuedAt: number;
  expiresAt: number;
}

/** The refresh-token family of each grant (token.refresh_tokens). Writes run in the caller's transaction. */
@Injectable()
export class RefreshTokenRepository {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(TOKEN_CONFIG) private readonly config: TokenConfig,
  ) {}

  /**
   * A new `ort_` token; only its SHA-256 is stored. With `replacing`, the same statement marks that token (by
   * hash) used and its successor this one: a rotation is one round trip.
   */
  async create(manager: SqlWriter, grantId: string, replacing?: string): Promise<{ token: string; hash: string }> {
    const { token, hash } = newRefreshToken();
    const insert = `INSERT INTO token.refresh_tokens (token_hash, grant_id, expires_at)
       VALUES ($1, $2, now() + make_interval(secs => $3))`;
    const values = [hash, grantId, this.config.REFRESH_TOKEN_TTL_SECONDS];
    if (replacing === undefined) await manager.query(insert, values);
    else {
      await manager.query(
        `WITH successor AS (${insert})
         UPDATE token.refresh_tokens SET used_at = now(), replaced_by = $1 WHERE token_hash = $4`,
        [...values, replacing],
      );
    }
    return { token, hash };
  }

  /**
   * The rotation of a live token, for the common case, as the condition of a one-statement change (see
   * EventPublisher.batchIf): marks the presented token (by hash) used (which locks its row, so concurrent
   * refreshes of it queue here as at `lock`) and inserts its successor, only if it is unused and unexpired and its
   * grant, `grantId`, is not revoked. When any of that does not hold, nothing is written, and the caller takes the
   * locked path, which finds out why. `grantId` is the token's grant as read with it (`find`), whose client the
   * caller has checked: a token's grant, and a grant's client, never change.
   *
   * Each table is reached by its primary key alone. Joined, with the grant's client in the condition, Postgres's
   * generic plan walked the client's live grants (every grant of a busy client) for each refresh; given the
   * token's grant id, it walked the grant's token family (one row per rotation).
   */
  rotationIfLive(presentedHash: string, grantId: string, successorHash: string): WriteCondition {
    return {
      steps: [
        {
          name: 'presented',
          sql: `UPDATE token.refresh_tokens SET used_at = now(), replaced_by = $1
                 WHERE token_hash = $3 AND used_at IS NULL AND expires_at > now()
                   AND EXISTS (SELECT 1 FROM token.grants WHERE id = $4 AND revoked_at IS NULL)
                RETURNING grant_id`,
        },
        {
          name: 'successor',
          sql: `INSERT INTO token.refresh_tokens (token_hash, grant_id, expires_at)
                SELECT $1, grant_id, now() + make_interval(secs => $2) FROM presented
                RETURNING token_hash`,
        },
      ],
      parameters: [successorHash, this.config.REFRESH_TOKEN_TTL_SECONDS, presentedHash, grantId],
    };
  }

  /** Locks the token's row (concurrent refreshes of one token queue here) and reads its state. */
  async lock(manager: EntityManager, token: string): Promise<LockedRefreshToken | undefined> {
    const [row] = await manager.query<Array<Grant & Omit<LockedRefreshToken, 'grant'>>>(
      `SELECT r.token_hash AS hash, r.replaced_by AS "replacedBy", ${GRANT_COLUMNS},
              g.revoked_at IS NOT NULL AS "grantRevoked",
              r.expires_at <= now() AS expired,
              r.used_at IS NOT NULL AS used,
              (r.used_at > now() - make_interval(secs => $2) AND s.used_at IS NULL) AS "inGraceWindow"
         FROM token.refresh_tokens r
         JOIN token.grants g ON g.id = r.grant_id
         LEFT JOIN token.refresh_tokens s ON s.token_hash = r.replaced_by
        WHERE r.token_hash = $1
          FOR UPDATE OF r`,
      [sha256(token), this.config.REFRESH_REUSE_GRACE_SECONDS],
    );
    if (!row) return undefined;
    const { hash, replacedBy, grantRevoked, expired, used, inGraceWindow, ...grant } = row;
    return { hash, replacedBy, grant, grantRevoked, expired, used, inGraceWindow: inGraceWindow === true };
  }

  async find(token: string): Promise<RefreshTokenView | undefined> {
    const [row] = await this.dataSource.query<Array<Grant & Omit<RefreshTokenView, 'grant'>>>(
      `SELECT ${GRANT_COLUMNS},
              (r.used_at IS NULL AND r.expires_at > now() AND g.revoked_at IS NULL) AS live,
              floor(extract(epoch FROM r.created_at))::float8 AS "issuedAt",
              floor(extract(epoch FROM r.expires_at))::float8 AS "expiresAt"
         FROM token.refresh_tokens r
         JOIN token.grants g ON g.id = r.grant_id
        WHERE r.token_hash = $1`,
      [sha256(token)],
    );
    if (!row) return undefined;
    const { live, issuedAt, expiresAt, ...grant } = row;
    return { grant, live, issuedAt, expiresAt };
  }
}

/** A new `ort_` refresh token and the SHA-256 that is all Postgres keeps of it. */
export function newRefreshToken(): { token: string; hash: string } {
  const token = `${REFRESH_TOKEN_PREFIX}${randomToken(32)}`;
  return { token, hash: sha256(token) };
}
