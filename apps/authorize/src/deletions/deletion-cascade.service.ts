import { Injectable } from '@nestjs/common';
import type { EventActor } from '@tessera/contracts';
import { EventPublisher } from '@tessera/events';
import { ConsentService } from '../consents/consent.service';
import { sessionEnded } from '../sessions/session-events';
import { SessionStore } from '../sessions/session.store';

/**
 * What the authorize service forgets when something it refers to is deleted elsewhere: a deleted user's consents
 * and browser sessions, a deleted application's consents. `actor` is whoever deleted it (the deletion event's
 * actor), and is the actor of the `oauth_authorization.revoked` and `session.ended` events announced here.
 *
 * Idempotent: a second run finds nothing and announces nothing. Consents go first, in one transaction with
 * their events; sessions next, then their events (see EventPublisher.announce for why that is not atomic).
 */
@Injectable()
export class DeletionCascade {
  constructor(
    private readonly consents: ConsentService,
    private readonly sessions: SessionStore,
    private readonly changes: EventPublisher,
  ) {}

  async forUser(userId: string, actor: EventActor): Promise<void> {
    await this.consents.forgetAll({ userId }, actor);
    const ended = await this.sessions.endAllOf(userId);
    if (ended === 0) return;
    await this.changes.commit(async (_manager, record) => {
      for (let session = 0; session < ended; session += 1) await record(sessionEnded(userId));
    }, actor);
  }

  async forApplication(clientId: string, actor: EventActor): Promise<void> {
    await this.consents.forgetAll({ clientId }, actor);
  }
}
