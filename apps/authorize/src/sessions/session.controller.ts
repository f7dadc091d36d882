import { Controller } from '@nestjs/common';
import { AUTHORIZE_SESSION_END, type ValidRequestOf } from '@tessera/contracts';
import { EventPublisher } from '@tessera/events';
import { Handles } from '@tessera/nats';
import { userActor } from '../changes/event-actors';
import { sessionEnded } from './session-events';
import { SessionStore } from './session.store';

@Controller()
export class SessionController {
  constructor(
    private readonly sessions: SessionStore,
    private readonly changes: EventPublisher,
  ) {}

  /** Sign-out. The event follows the Redis delete (see EventPublisher.announce for why that is not atomic). */
  @Handles(AUTHORIZE_SESSION_END)
  async end(request: ValidRequestOf<typeof AUTHORIZE_SESSION_END>) {
    const ended = await this.sessions.end(request.sessionToken);
    if (ended) await this.changes.announce(sessionEnded(ended.userId), userActor(ended.userId));
    return { ended: ended !== undefined };
  }
}
