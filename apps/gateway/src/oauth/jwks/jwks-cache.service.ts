import { Inject, Injectable, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { TOKEN_JWKS_GET, type PublicJwk } from '@tessera/contracts';
import { NATS_CONNECTION, RpcClient } from '@tessera/nats';
import type { NatsConnection } from 'nats';
import { GATEWAY_CONFIG, type GatewayConfig } from '../../gateway.config';
import { subscribeToKeyRotations, type KeyRotationSubscription } from './key-rotation.subscription';

/**
 * The JWKS, fetched from the token service over NATS and kept in memory for JWKS_CACHE_SECONDS: the JWKS and
 * discovery are hit by every relying party and must not cost a NATS round trip each time. Concurrent misses
 * share one request.
 *
 * Every replica drops its copy as soon as a signing key is rotated anywhere (the `signing_key.rotated` event,
 * see key-rotation.subscription.ts), so relying parties that meet a new `kid` find it at once;
 * JWKS_CACHE_SECONDS is the bound when that message is missed.
 */
@Injectable()
export class JwksCache implements OnApplicationBootstrap, OnModuleDestroy {
  private cached?: { keys: PublicJwk[]; fetchedAt: number };
  private inFlight?: Promise<PublicJwk[]>;
  /** Bumped by `invalidate`: a fetch that started before a rotation must not cache what it got. */
  private generation = 0;
  private rotations?: KeyRotationSubscription;

  constructor(
    private readonly rpc: RpcClient,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
    @Inject(NATS_CONNECTION) private readonly connection: NatsConnection,
  ) {}

  onApplicationBootstrap(): void {
    this.rotations = subscribeToKeyRotations(this.connection, () => this.invalidate());
  }

  async onModuleDestroy(): Promise<void> {
    await this.rotations?.close();
  }

  async keys(): Promise<PublicJwk[]> {
    const maxAgeMs = this.config.JWKS_CACHE_SECONDS * 1000;
    if (this.cached && Date.now() - this.cached.fetchedAt < maxAgeMs) return this.cached.keys;
    if (!this.inFlight) {
      const generation = this.generation;
      const request: Promise<PublicJwk[]> = this.rpc
        .send(TOKEN_JWKS_GET, {})
        .then(({ keys }) => {
          if (generation === this.generation) this.cached = { keys, fetchedAt: Date.now() };
          return keys;
        })
        .finally(() => {
          if (this.inFlight === request) this.inFlight = undefined;
        });
      this.inFlight = request;
    }
    return this.inFlight;
  }

  /** Drops the cached copy (after a key rotation); a fetch already under way is answered but not kept. */
  invalidate(): void {
    this.generation += 1;
    this.cached = undefined;
    this.inFlight = undefined;
  }
}
