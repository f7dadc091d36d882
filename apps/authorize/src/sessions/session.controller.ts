import { Controller } from '@nestjs/common';
import { AUTHORIZE_SESSION_END, type ValidRequestOf } from '@tessera/contracts';
import { Handles } from '@tessera/nats';
import { SessionStore } from './session.store';

@Controller()
export class SessionController {
  constructor(private readonly sessions: SessionStore) {}

  @Handles(AUTHORIZE_SESSION_END)
  async end(request: ValidRequestOf<typeof AUTHORIZE_SESSION_END>) {
    return { ended: await this.sessions.end(request.sessionToken) };
  }
}
