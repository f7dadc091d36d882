import { Controller } from '@nestjs/common';
import { TOKEN_GRANT_EXCHANGE, type ValidRequestOf } from '@tessera/contracts';
import { Handles } from '@tessera/nats';
import { AuthorizationCodeGrant } from './authorization-code.grant';
import { RefreshTokenGrant } from './refresh-token.grant';

@Controller()
export class ExchangeController {
  constructor(
    private readonly authorizationCode: AuthorizationCodeGrant,
    private readonly refreshToken: RefreshTokenGrant,
  ) {}

  /** The gateway's /oauth/token, once it has authenticated the client. */
  @Handles(TOKEN_GRANT_EXCHANGE)
  async exchange({ client, grant }: ValidRequestOf<typeof TOKEN_GRANT_EXCHANGE>) {
    return grant.grantType === 'authorization_code'
      ? this.authorizationCode.exchange(client, grant)
      : this.refreshToken.exchange(client, grant);
  }
}
