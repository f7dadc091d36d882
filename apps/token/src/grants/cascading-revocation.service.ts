import { SYSTEM_ACTOR } from '@tessera/contracts';
import { Injectable } from '@nestjs/common';
import type { EventActor } from '@tessera/contracts';
import { GrantRevoker } from './grant-revoker.service';

/**
 * Revokes the grants that depended on something which is gone: a withdrawn consent, a deleted user, a deleted
 * application. Reached over NATS (`token.grants.revoke_for_*.v1`) and from the deletion events
 * (DeletionEventsConsumer); both are idempotent, since only live grants are revoked (and announced).
 * `actor` is whoever caused the deletion when known (the deletion event's actor), else Tessera.
 */
@Injectable()
export class CascadingRevocation {
  constructor(private readonly revoker: GrantRevoker) {}

  forConsent(consentId: string, actor: EventActor = SYSTEM_ACTOR): Promise<string[]> {
    return this.revoker.revoke({ consentId }, { reason: 'consent_revoked', actor });
  }

  forUser(userId: string, actor: EventActor = SYSTEM_ACTOR): Promise<string[]> {
    return this.revoker.revoke({ userId }, { reason: 'user_deleted', actor });
  }

  forApplication(clientId: string, actor: EventActor = SYSTEM_ACTOR): Promise<string[]> {
    return this.revoker.revoke({ clientId }, { reason: 'application_deleted', actor });
  }
}
