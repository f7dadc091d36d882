import { Controller, HttpCode, Post } from '@nestjs/common';
import { TOKEN_KEYS_ROTATE } from '@tessera/contracts';
import { RpcClient } from '@tessera/nats';
import { JwksCache } from '../../oauth/jwks/jwks-cache.service';
import { AdminApi } from '../admin-api.decorator';

/**
 * Signing-key rotation (admin): a new active key signs every token from now on; the previous key stays in the
 * JWKS until the tokens it signed have expired, so nothing already issued stops verifying. Answers the new key.
 */
@Controller('v1/jwks/rotate')
@AdminApi()
export class JwksRotationController {
  constructor(
    private readonly rpc: RpcClient,
    private readonly jwks: JwksCache,
  ) {}

  @Post()
  @HttpCode(200)
  async rotate() {
    const key = await this.rpc.send(TOKEN_KEYS_ROTATE, {});
    // This gateway serves the new key at once; other replicas pick it up within JWKS_CACHE_SECONDS.
    this.jwks.invalidate();
    return { object: 'signing_key', kid: key.kid, alg: key.alg, status: 'active', created_at: key.createdAt };
  }
}
