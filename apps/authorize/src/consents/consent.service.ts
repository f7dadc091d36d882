import { Injectable } from '@nestjs/common';
import {
  ACCOUNTS_USER_GET,
  ADMIN_ACTOR,
  ResourceNotFoundError,
  TOKEN_GRANTS_REVOKE_FOR_CONSENT,
  type ConsentView,
  type EventActor,
} from '@tessera/contracts';
import { EventPublisher } from '@tessera/events';
import { RpcClient } from '@tessera/nats';
import { ConsentRepository } from './consent.repository';

/** The aggregate is the user, like every event about a user's authorizations. */
const authorizationRevoked = ({ userId, clientId }: ConsentView) => ({
  type: 'oauth_authorization.revoked' as const,
  aggregateId: userId,
  payload: { userId, clientId },
});

/** Listing and revoking a user's remembered consents, for the admin API and the account page alike. */
@Injectable()
export class ConsentService {
  constructor(
    private readonly consents: ConsentRepository,
    private readonly changes: EventPublisher,
    private readonly rpc: RpcClient,
  ) {}

  /** Admin: an unknown user is `resource_not_found` (from the accounts service), not an empty list. */
  async listForExistingUser(userId: string): Promise<ConsentView[]> {
    await this.rpc.send(ACCOUNTS_USER_GET, { userId });
    return this.consents.listForUser(userId);
  }

  listForUser(userId: string): Promise<ConsentView[]> {
    return this.consents.listForUser(userId);
  }

  /**
   * Forgets the consent and revokes every grant (refresh and access tokens, unredeemed codes) minted under it.
   * The token service is asked while the consent's row is deleted but not yet committed: if it cannot revoke,
   * the consent stays (and no `oauth_authorization.revoked` is published), and the caller sees
   * temporarily_unavailable and may try again. `actor`: the user on the account page, or the admin API.
   */
  async revoke(userId: string, clientId: string, actor: EventActor): Promise<ConsentView | undefined> {
    return this.changes
      .commit(async (manager, record) => {
        const deleted = await this.consents.delete(manager, userId, clientId);
        if (!deleted) return undefined;
        await this.rpc.send(TOKEN_GRANTS_REVOKE_FOR_CONSENT, { consentId: deleted.id });
        await record(authorizationRevoked(deleted));
        return deleted;
      }, actor)
      .finally(() => this.consents.settle([{ userId, clientId }]));
  }

  /**
   * Forgets every consent of a deleted user or application, each announced with `oauth_authorization.revoked`
   * in the same transaction. Their grants are not revoked from here: the token service consumes the same
   * deletion event and revokes them itself. Idempotent: a second call finds nothing and announces nothing.
   */
  forgetAll(of: { userId: string } | { clientId: string }, actor: EventActor): Promise<ConsentView[]> {
    let deleted: ConsentView[] = [];
    return this.changes
      .commit(async (manager, record) => {
        deleted = await this.consents.deleteAll(manager, of);
        for (const consent of deleted) await record(authorizationRevoked(consent));
        return deleted;
      }, actor)
      .finally(() => this.consents.settle(deleted));
  }

  /** Admin: DELETE /v1/users/{id}/oauth_consents/{client_id} (the only caller of authorize.consent.revoke.v1). */
  async revokeOrFail(userId: string, clientId: string): Promise<ConsentView> {
    const revoked = await this.revoke(userId, clientId, ADMIN_ACTOR);
    if (!revoked) {
      throw new ResourceNotFoundError(`No consent of user ${userId} for client ${clientId} was found`, {
        param: 'client_id',
      });
    }
    return revoked;
  }
}
