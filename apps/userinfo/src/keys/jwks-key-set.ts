import { Inject, Injectable } from '@nestjs/common';
import { TOKEN_JWKS_GET } from '@tessera/contracts';
import type { Logger } from '@tessera/logging';
import { RpcClient } from '@tessera/nats';
import { createLocalJWKSet, errors, type JWTVerifyGetKey } from 'jose';
import { USERINFO_CONFIG, type UserinfoConfig } from '../userinfo.config';
import { USERINFO_LOGGER } from '../userinfo.logger';

/** An unknown `kid` refetches the JWKS at most this often, so tokens with made-up kids cannot hammer the token service. */
export const UNKNOWN_KID_REFETCH_MIN_MS = 5_000;

interface FetchedKeySet {
  getKey: JWTVerifyGetKey;
  fetchedAt: number;
}

/**
 * The token service's public signing keys (`token.jwks.get.v1`), kept in memory so that JWT access tokens are
 * verified without a network call. The set is refetched when it is older than JWKS_CACHE_SECONDS, and sooner when
 * a token names a key it does not hold (a key rotated in since; rate-limited). If a refetch fails, the copy in hand
 * keeps serving; with no copy at all the token service's unavailability is the caller's error.
 */
@Injectable()
export class JwksKeySet {
  private current?: FetchedKeySet;
  private fetching?: Promise<FetchedKeySet>;

  constructor(
    private readonly rpc: RpcClient,
    @Inject(USERINFO_CONFIG) private readonly config: UserinfoConfig,
    @Inject(USERINFO_LOGGER) private readonly logger: Logger,
  ) {}

  /** A jose key resolver for `jwtVerify`. */
  readonly getKey: JWTVerifyGetKey = async (header, token) => {
    const keySet = await this.keySet();
    try {
      return await keySet.getKey(header, token);
    } catch (error) {
      const mayRefetch = Date.now() - keySet.fetchedAt >= UNKNOWN_KID_REFETCH_MIN_MS;
      if (!(error instanceof errors.JWKSNoMatchingKey) || !mayRefetch) throw error;
    }
    return (await this.fetch()).getKey(header, token);
  };

  private async keySet(): Promise<FetchedKeySet> {
    const cached = this.current;
    if (cached && Date.now() - cached.fetchedAt < this.config.JWKS_CACHE_SECONDS * 1000) return cached;
    try {
      return await this.fetch();
    } catch (error) {
      if (!cached) throw error;
      this.logger.warn({ err: error }, 'could not refresh the JWKS; verifying with the keys in hand');
      return cached;
    }
  }

  /** One fetch at a time: concurrent callers share it. */
  private fetch(): Promise<FetchedKeySet> {
    this.fetching ??= this.rpc
      .send(TOKEN_JWKS_GET, {})
      .then(({ keys }) => {
        this.current = { getKey: createLocalJWKSet({ keys }), fetchedAt: Date.now() };
        return this.current;
      })
      .finally(() => {
        this.fetching = undefined;
      });
    return this.fetching;
  }
}
