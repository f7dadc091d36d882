import { Inject, Injectable } from '@nestjs/common';
import { createLocalJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { TOKEN_CONFIG, type TokenConfig } from '../token.config';
import { SigningKeyService } from './signing-key.service';

/** How long a replica verifies with its copy of the public keys before reading them again. */
const KEY_SET_CACHE_MS = 60_000;
/** Unknown `kid`s force a re-read at most this often, so garbage tokens cannot hammer the database. */
const FORCED_RELOAD_MIN_MS = 5_000;

/**
 * Verifies JWTs this service signed (access tokens presented for revocation or introspection) against the
 * published keys. A token signed with a key this replica has not seen yet (rotated on another replica) triggers
 * a fresh read of the key table (rate-limited).
 */
@Injectable()
export class OwnJwtVerifier {
  private keySet?: { getKey: JWTVerifyGetKey; loadedAt: number; rotations: number };

  constructor(
    private readonly keys: SigningKeyService,
    @Inject(TOKEN_CONFIG) private readonly config: TokenConfig,
  ) {}

  /** The verified payload, or undefined for anything that is not a valid, unexpired token of type `typ`. */
  async verify(token: string, typ: string): Promise<JWTPayload | undefined> {
    try {
      return await this.verifyWith(await this.currentKeySet(), token, typ);
    } catch (error) {
      const stale = this.keySet && Date.now() - this.keySet.loadedAt >= FORCED_RELOAD_MIN_MS;
      if (!(error instanceof errors.JWKSNoMatchingKey) || !stale) return undefined;
    }
    try {
      return await this.verifyWith(await this.currentKeySet(true), token, typ);
    } catch {
      return undefined;
    }
  }

  private async verifyWith(getKey: JWTVerifyGetKey, token: string, typ: string): Promise<JWTPayload> {
    const { payload } = await jwtVerify(token, getKey, {
      issuer: this.config.ISSUER,
      typ,
      algorithms: ['RS256', 'ES256', 'EdDSA'],
    });
    return payload;
  }

  private async currentKeySet(reload = false): Promise<JWTVerifyGetKey> {
    const cached = this.keySet;
    const fresh = cached && cached.rotations === this.keys.rotations && Date.now() - cached.loadedAt < KEY_SET_CACHE_MS;
    if (!reload && fresh) return cached.getKey;
    const rotations = this.keys.rotations;
    const getKey = createLocalJWKSet({ keys: await this.keys.publicJwks() });
    this.keySet = { getKey, loadedAt: Date.now(), rotations };
    return getKey;
  }
}
