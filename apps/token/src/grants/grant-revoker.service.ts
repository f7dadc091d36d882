import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from '@tessera/logging';
import { DataSource, type EntityManager } from 'typeorm';
import { TOKEN_LOGGER } from '../token.logger';
import type { RevocationReason } from './grant';
import { GrantStatusCache } from './grant-status.cache';

type GrantSelector = { id: string } | { userId: string } | { clientId: string } | { consentId: string };

/**
 * Revokes grants: every access and refresh token of a revoked grant stops working (refresh tokens check the row,
 * access tokens the status cache). Idempotent; answers the ids it newly revoked.
 */
@Injectable()
export class GrantRevoker {
  constructor(
    private readonly dataSource: DataSource,
    private readonly status: GrantStatusCache,
    @Inject(TOKEN_LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * `manager` lets a caller revoke inside its own transaction; the cache is then marked before the commit, which
   * errs on the side of "revoked" if the transaction fails.
   */
  async revoke(selector: GrantSelector, reason: RevocationReason, manager?: EntityManager): Promise<string[]> {
    const [column, value] = selectorColumn(selector);
    // TypeORM answers an UPDATE … RETURNING on Postgres with [rows, affectedCount].
    const [rows] = await (manager ?? this.dataSource).query<[Array<{ id: string }>, number]>(
      `UPDATE token.grants SET revoked_at = now(), revoked_reason = $2
        WHERE ${column} = $1 AND revoked_at IS NULL
        RETURNING id`,
      [value, reason],
    );
    const ids = rows.map((row) => row.id);
    await this.status.markRevoked(ids);
    if (ids.length) this.logger.info({ reason, grants: ids.length, [column]: value }, 'grants revoked');
    return ids;
  }
}

function selectorColumn(selector: GrantSelector): [string, string] {
  if ('id' in selector) return ['id', selector.id];
  if ('userId' in selector) return ['user_id', selector.userId];
  if ('clientId' in selector) return ['client_id', selector.clientId];
  return ['consent_id', selector.consentId];
}
