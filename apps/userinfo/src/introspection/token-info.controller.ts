import { Controller } from '@nestjs/common';
import { USERINFO_TOKEN_INTROSPECT, type ValidRequestOf } from '@tessera/contracts';
import { Handles } from '@tessera/nats';
import { TokenInfoService } from './token-info.service';

@Controller()
export class TokenInfoController {
  constructor(private readonly tokenInfo: TokenInfoService) {}

  /** The gateway's /oauth/token_info, once it has authenticated the client. */
  @Handles(USERINFO_TOKEN_INTROSPECT)
  async introspect(request: ValidRequestOf<typeof USERINFO_TOKEN_INTROSPECT>) {
    return this.tokenInfo.introspect(request);
  }
}
