import { Injectable } from '@nestjs/common';
import {
  ACCOUNTS_USER_GET,
  ResourceNotFoundError,
  TOKEN_GRANTS_REVOKE_FOR_CONSENT,
  type ConsentView,
} from '@tessera/contracts';
import { RpcClient } from '@tessera/nats';
import { ConsentRepository } from './consent.repository';

/** Listing and revoking a user's remembered consents, for the admin API and the account page alike. */
@Injectable()
export class ConsentService {
  constructor(
    private readonly consents: ConsentRepository,
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
   * the consent stays, and the caller sees temporarily_unavailable and may try again.
   */
  async revoke(userId: string, clientId: string): Promise<ConsentView | undefined> {
    return this.consents.delete(userId, clientId, async (deleted) => {
      await this.rpc.send(TOKEN_GRANTS_REVOKE_FOR_CONSENT, { consentId: deleted.id });
    });
  }

  async revokeOrFail(userId: string, clientId: string): Promise<ConsentView> {
    const revoked = await this.revoke(userId, clientId);
    if (!revoked) {
      throw new ResourceNotFoundError(`No consent of user ${userId} for client ${clientId} was found`, {
        param: 'client_id',
      });
    }
    return revoked;
  }
}
