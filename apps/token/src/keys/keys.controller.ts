import { Controller } from '@nestjs/common';
import { TOKEN_JWKS_GET } from '@tessera/contracts';
import { Handles } from '@tessera/nats';
import { SigningKeyService } from './signing-key.service';

@Controller()
export class KeysController {
  constructor(private readonly keys: SigningKeyService) {}

  @Handles(TOKEN_JWKS_GET)
  async jwks() {
    return { keys: await this.keys.publicJwks() };
  }
}
