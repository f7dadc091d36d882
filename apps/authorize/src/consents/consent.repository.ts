import { Injectable } from '@nestjs/common';
import type { ConsentView } from '@tessera/contracts';
import { randomHex } from '@tessera/crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { ConsentCache, type ConsentPair } from './consent-cache';

interface ConsentRow {
  id: string;
  user_id: string;
  client_id: string;
  scopes: string[];
  organization_id: string | null;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = 'id, user_id, client_id, scopes, organization_id, created_at, updated_at';

const toView = (row: ConsentRow): ConsentView => ({
  id: row.id,
  userId: row.user_id,
  clientId: row.client_id,
  scopes: row.scopes,
  organizationId: row.organization_id,
  createdAt: row.created_at.getTime(),
  updatedAt: row.updated_at.getTime(),
});

/**
 * Consents in `authorize.consents`: at most one row per (user, client), holding every scope ever granted. One
 * consent is read through the cache in Redis (ConsentCache); the writes below mark what they change there before
 * their transaction commits, and the caller calls `settle` with the same consents once it has ended.
 */
@Injectable()
export class ConsentRepository {
  constructor(
    private readonly dataSource: DataSource,
    private readonly cache: ConsentCache,
  ) {}

  async find(userId: string, clientId: string): Promise<ConsentView | undefined> {
    const pair = { userId, clientId };
    const cached = await this.cache.read(pair);
    if (cached.hit) return cached.consent;
    const rows: ConsentRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM authorize.consents WHERE user_id = $1 AND client_id = $2`,
      [userId, clientId],
    );
    const consent = rows[0] && toView(rows[0]);
    await this.cache.fill(cached.ticket, consent);
    return consent;
  }

  /** After a transaction that called the writes below has ended, committed or rolled back: see ConsentCache. */
  settle(pairs: readonly ConsentPair[]): Promise<void> {
    return this.cache.changed(pairs);
  }

  async listForUser(userId: string): Promise<ConsentView[]> {
    const rows: ConsentRow[] = await this.dataSource.query(
      `SELECT ${COLUMNS} FROM authorize.consents WHERE user_id = $1 ORDER BY updated_at DESC, id`,
      [userId],
    );
    return rows.map(toView);
  }

  /**
   * Remembers a grant: a new consent, or the existing one widened to the union of old and new scopes (in the
   * order first granted). A newly chosen organization replaces the remembered one. `manager`: the transaction
   * that also records the grant's event.
   */
  async remember(
    manager: EntityManager,
    input: { userId: string; clientId: string; scopes: string[]; organizationId?: string },
  ): Promise<ConsentView> {
    const rows: ConsentRow[] = await manager.query(
      `INSERT INTO authorize.consents AS c (id, user_id, client_id, scopes, organization_id)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (user_id, client_id) DO UPDATE SET
         scopes = ARRAY(
           SELECT scope FROM unnest(c.scopes || EXCLUDED.scopes) WITH ORDINALITY AS granted(scope, position)
            GROUP BY scope ORDER BY min(position)),
         organization_id = COALESCE(EXCLUDED.organization_id, c.organization_id),
         updated_at = now()
       RETURNING ${COLUMNS}`,
      [`cns_${randomHex(16)}`, input.userId, input.clientId, input.scopes, input.organizationId ?? null],
    );
    await this.cache.changing([input]);
    return toView(rows[0]);
  }

  /**
   * Deletes a consent in the caller's transaction (`manager`), which also asks the token service to revoke the
   * consent's grants and records the event before committing: if either fails, the consent stays.
   */
  async delete(manager: EntityManager, userId: string, clientId: string): Promise<ConsentView | undefined> {
    const [deleted] = await this.deleteWhere(manager, 'user_id = $1 AND client_id = $2', [userId, clientId]);
    return deleted;
  }

  /** Deletes every consent of a user or of a client, in the caller's transaction; answers what it deleted. */
  deleteAll(manager: EntityManager, of: { userId: string } | { clientId: string }): Promise<ConsentView[]> {
    return 'userId' in of
      ? this.deleteWhere(manager, 'user_id = $1', [of.userId])
      : this.deleteWhere(manager, 'client_id = $1', [of.clientId]);
  }

  private async deleteWhere(manager: EntityManager, where: string, parameters: string[]): Promise<ConsentView[]> {
    // TypeORM answers a Postgres DELETE … RETURNING with [rows, affected count].
    const [rows]: [ConsentRow[], number] = await manager.query(
      `DELETE FROM authorize.consents WHERE ${where} RETURNING ${COLUMNS}`,
      parameters,
    );
    const deleted = rows.map(toView);
    await this.cache.changing(deleted);
    return deleted;
  }
}
