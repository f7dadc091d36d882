import { SYSTEM_ACTOR } from '@tessera/contracts';
import { Inject, Injectable } from '@nestjs/common';
import type { EventActor } from '@tessera/contracts';
import { EventPublisher } from '@tessera/events';
import type { Logger } from '@tessera/logging';
import type { EntityManager } from 'typeorm';
import { TOKEN_LOGGER } from '../token.logger';
import type { RevocationReason } from './grant';
import { GrantStatusCache } from './grant-status.cache';

type GrantSelector = { id: string } | { userId: string } | { clientId: string } | { consentId: string };

export interface Revocation {
  reason: RevocationReason;
  /** Who caused it: the actor of the `oauth_token.revoked` events. */
  actor: EventActor;
}

/** A one-time artifact of a grant that can come back: a redeemed code or a rotated refresh token. */
export type ReusedArtifact = 'code' | 'refresh_token';

const REUSE_REASON: Record<ReusedArtifact, RevocationReason> = {
  code: 'code_replay',
  refresh_token: 'refresh_token_reuse',
};

/**
 * Revokes grants: every access and refresh token of a revoked grant stops working (refresh tokens check the row,
 * access tokens the status cache). Each grant it revokes gets one `oauth_token.revoked` event, written in the
 * transaction of the revocation (the outbox), so the event exists exactly when the revocation committed; a grant
 * that was already revoked is left alone and gets no event. Idempotent; answers the ids it newly revoked.
 */
@Injectable()
export class GrantRevoker {
  constructor(
    private readonly events: EventPublisher,
    private readonly status: GrantStatusCache,
    @Inject(TOKEN_LOGGER) private readonly logger: Logger,
  ) {}

  /**
   * Runs in a transaction of its own, or in the caller's `manager` — then the caller commits, and should do so
   * through EventPublisher.transaction, which tells the relay to publish at once. The cache is marked before the
   * commit, which errs on the side of "revoked" if the transaction fails.
   */
  async revoke(selector: GrantSelector, revocation: Revocation, manager?: EntityManager): Promise<string[]> {
    if (!manager) return this.events.transaction((own) => this.revoke(selector, revocation, own));
    const [column, value] = selectorColumn(selector);
    // TypeORM answers an UPDATE … RETURNING on Postgres with [rows, affectedCount].
    const [rows] = await manager.query<[Array<{ id: string; userId: string; clientId: string }>, number]>(
      `UPDATE token.grants SET revoked_at = now(), revoked_reason = $2
        WHERE ${column} = $1 AND revoked_at IS NULL
        RETURNING id, user_id AS "userId", client_id AS "clientId"`,
      [value, revocation.reason],
    );
    for (const row of rows) {
      await this.events.record(manager, {
        type: 'oauth_token.revoked',
        actor: revocation.actor,
        aggregateId: row.id,
        payload: { grantId: row.id, userId: row.userId, clientId: row.clientId, reason: revocation.reason },
      });
    }
    const ids = rows.map((row) => row.id);
    await this.status.markRevoked(ids);
    if (ids.length)
      this.logger.info({ reason: revocation.reason, grants: ids.length, [column]: value }, 'grants revoked');
    return ids;
  }

  /**
   * An artifact of the grant was presented again (RFC 9700 §4.5 for codes, §4.14.2 for refresh tokens): records
   * `oauth_token.reuse_detected` — with `presentedBy` as its actor — and revokes the grant, in one transaction
   * (its own, or the caller's as for `revoke`). A replay of a grant that is already revoked is still reported,
   * but revokes nothing more.
   */
  async revokeAfterReuse(
    grantId: string,
    artifact: ReusedArtifact,
    presentedBy: EventActor,
    manager?: EntityManager,
  ): Promise<void> {
    if (!manager) return this.events.transaction((own) => this.revokeAfterReuse(grantId, artifact, presentedBy, own));
    const [grant] = await manager.query<Array<{ userId: string; clientId: string }>>(
      `SELECT user_id AS "userId", client_id AS "clientId" FROM token.grants WHERE id = $1`,
      [grantId],
    );
    if (!grant) return; // swept as expired meanwhile: nothing left to revoke or to name
    await this.events.record(manager, {
      type: 'oauth_token.reuse_detected',
      actor: presentedBy,
      aggregateId: grantId,
      payload: { grantId, userId: grant.userId, clientId: grant.clientId, artifact },
    });
    await this.revoke({ id: grantId }, { reason: REUSE_REASON[artifact], actor: SYSTEM_ACTOR }, manager);
  }
}

function selectorColumn(selector: GrantSelector): [string, string] {
  if ('id' in selector) return ['id', selector.id];
  if ('userId' in selector) return ['user_id', selector.userId];
  if ('clientId' in selector) return ['client_id', selector.clientId];
  return ['consent_id', selector.consentId];
}
