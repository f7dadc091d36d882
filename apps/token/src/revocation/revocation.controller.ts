import { Controller } from '@nestjs/common';
import {
  TOKEN_GRANTS_REVOKE_FOR_CLIENT,
  TOKEN_GRANTS_REVOKE_FOR_CONSENT,
  TOKEN_GRANTS_REVOKE_FOR_USER,
  TOKEN_TOKEN_REVOKE,
  type ValidRequestOf,
} from '@tessera/contracts';
import { Handles } from '@tessera/nats';
import { CascadingRevocation } from '../grants/cascading-revocation.service';
import { TokenRevocationService } from './token-revocation.service';

@Controller()
export class RevocationController {
  constructor(
    private readonly tokens: TokenRevocationService,
    private readonly cascades: CascadingRevocation,
  ) {}

  /** The gateway's /oauth/token/revoke, once it has authenticated the client. */
  @Handles(TOKEN_TOKEN_REVOKE)
  async revokeToken({ clientId, token }: ValidRequestOf<typeof TOKEN_TOKEN_REVOKE>) {
    return { revoked: await this.tokens.revoke(clientId, token) };
  }

  /** The authorize service, when a user withdraws consent. */
  @Handles(TOKEN_GRANTS_REVOKE_FOR_CONSENT)
  async revokeForConsent({ consentId }: ValidRequestOf<typeof TOKEN_GRANTS_REVOKE_FOR_CONSENT>) {
    return { revokedGrants: (await this.cascades.forConsent(consentId)).length };
  }

  /** When a user is deleted (the `user.deleted` event does the same: DeletionEventsConsumer). */
  @Handles(TOKEN_GRANTS_REVOKE_FOR_USER)
  async revokeForUser({ userId }: ValidRequestOf<typeof TOKEN_GRANTS_REVOKE_FOR_USER>) {
    return { revokedGrants: (await this.cascades.forUser(userId)).length };
  }

  /** When an OAuth application is deleted (as does the `oauth_application.deleted` event). */
  @Handles(TOKEN_GRANTS_REVOKE_FOR_CLIENT)
  async revokeForClient({ clientId }: ValidRequestOf<typeof TOKEN_GRANTS_REVOKE_FOR_CLIENT>) {
    return { revokedGrants: (await this.cascades.forApplication(clientId)).length };
  }
}
