import { Controller } from '@nestjs/common';
import { TOKEN_TOKEN_INTROSPECT, type ValidRequestOf } from '@tessera/contracts';
import { Handles } from '@tessera/nats';
import { TokenIntrospectionService } from './token-introspection.service';

@Controller()
export class IntrospectionController {
  constructor(private readonly introspection: TokenIntrospectionService) {}

  /** The userinfo service: /oauth/userinfo and /oauth/token_info. */
  @Handles(TOKEN_TOKEN_INTROSPECT)
  async introspect({ token }: ValidRequestOf<typeof TOKEN_TOKEN_INTROSPECT>) {
    return this.introspection.introspect(token);
  }
}
