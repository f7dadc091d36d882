import { Inject, Injectable } from '@nestjs/common';
import { TOKEN_JWKS_GET, type PublicJwk } from '@tessera/contracts';
import { RpcClient } from '@tessera/nats';
import { GATEWAY_CONFIG, type GatewayConfig } from '../../gateway.config';

/**
 * The JWKS, fetched from the token service over NATS and kept in memory for JWKS_CACHE_SECONDS: the JWKS and
 * discovery are hit by every relying party and must not cost a NATS round trip each time. Concurrent misses
 * share one request.
 */
@Injectable()
export class JwksCache {
  private cached?: { keys: PublicJwk[]; fetchedAt: number };
  private inFlight?: Promise<PublicJwk[]>;

  constructor(
    private readonly rpc: RpcClient,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  async keys(): Promise<PublicJwk[]> {
    const maxAgeMs = this.config.JWKS_CACHE_SECONDS * 1000;
    if (this.cached && Date.now() - this.cached.fetchedAt < maxAgeMs) return this.cached.keys;
    this.inFlight ??= this.rpc
      .send(TOKEN_JWKS_GET, {})
      .then(({ keys }) => {
        this.cached = { keys, fetchedAt: Date.now() };
        return keys;
      })
      .finally(() => {
        this.inFlight = undefined;
      });
    return this.inFlight;
  }

  /** Drops the cached copy (after a key rotation). */
  invalidate(): void {
    this.cached = undefined;
  }
}
