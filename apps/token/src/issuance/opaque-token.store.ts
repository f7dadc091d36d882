import { Inject, Injectable } from '@nestjs/common';
import { sha256 } from '@tessera/crypto';
import type { SqlWriter } from '@tessera/database';
import { REDIS } from '@tessera/redis';
import type Redis from 'ioredis';
import { DataSource } from 'typeorm';

/** What an opaque access token stands for. */
export interface OpaqueTokenRecord {
  grantId: string;
  clientId: string;
  userId: string;
  scopes: string[];
  organizationId: string | null;
  audience: string[];
  /** Unix seconds. */
  issuedAt: number;
  expiresAt: number;
}

/**
 * Opaque access tokens (`oat_…`): Postgres holds the record under the token's SHA-256, Redis caches it until the
 * token expires so that introspection needs no query in the steady state. The record never changes; revocation
 * lives on the grant.
 */
@Injectable()
export class OpaqueTokenStore {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  async save(manager: SqlWriter, token: string, record: OpaqueTokenRecord): Promise<void> {
    const hash = sha256(token);
    await manager.query(
      `INSERT INTO token.access_tokens
         (token_hash, grant_id, client_id, user_id, scopes, organization_id, audience, issued_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, to_timestamp($8), to_timestamp($9))`,
      [
        hash,
        record.grantId,
        record.clientId,
        record.userId,
        record.scopes,
        record.organizationId,
        record.audience,
        record.issuedAt,
        record.expiresAt,
      ],
    );
    await this.cache(hash, record);
  }

  /** The record of a live (unexpired) token; revocation is the caller's check. */
  async find(token: string): Promise<OpaqueTokenRecord | undefined> {
    const hash = sha256(token);
    const cached = await this.redis.get(cacheKey(hash));
    const record = cached ? (JSON.parse(cached) as OpaqueTokenRecord) : await this.load(hash);
    if (!record || record.expiresAt <= Math.floor(Date.now() / 1000)) return undefined;
    if (!cached) await this.cache(hash, record);
    return record;
  }

  private async load(hash: string): Promise<OpaqueTokenRecord | undefined> {
    const [row] = await this.dataSource.query<OpaqueTokenRecord[]>(
      `SELECT grant_id AS "grantId", client_id AS "clientId", user_id AS "userId", scopes,
              organization_id AS "organizationId", audience,
              floor(extract(epoch FROM issued_at))::float8 AS "issuedAt",
              floor(extract(epoch FROM expires_at))::float8 AS "expiresAt"
         FROM token.access_tokens WHERE token_hash = $1`,
      [hash],
    );
    return row;
  }

  private async cache(hash: string, record: OpaqueTokenRecord): Promise<void> {
    const ttl = record.expiresAt - Math.floor(Date.now() / 1000);
    if (ttl > 0) await this.redis.set(cacheKey(hash), JSON.stringify(record), 'EX', ttl);
  }
}

const cacheKey = (hash: string) => `oat:${hash}`;
