import { Controller } from '@nestjs/common';
import { TOKEN_JWKS_GET, TOKEN_KEYS_ROTATE } from '@tessera/contracts';
import { Handles } from '@tessera/nats';
import { SigningKeyService } from './signing-key.service';

@Controller()
export class KeysController {
  constructor(private readonly keys: SigningKeyService) {}

  @Handles(TOKEN_JWKS_GET)
  async jwks() {
    return { keys: await this.keys.publicJwks() };
  }

  /** The admin API's POST /v1/jwks/rotate. */
  @Handles(TOKEN_KEYS_ROTATE)
  async rotate() {
    const { kid, alg, createdAt } = await this.keys.rotate();
    return { kid, alg, createdAt: createdAt.getTime() };
  }
}
