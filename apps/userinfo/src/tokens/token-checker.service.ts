import { Injectable } from '@nestjs/common';
import { TOKEN_TOKEN_INTROSPECT, type ActiveToken } from '@tessera/contracts';
import { RpcClient } from '@tessera/nats';
import { RevokedGrants } from '../revocation/revoked-grants.store';
import { JwtAccessTokenVerifier } from './jwt-access-token.verifier';

/** JWS compact serialization (RFC 7515 §7.1): three base64url segments. */
const JWS_COMPACT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

/**
 * Is a presented token active, and what does it stand for? JWT access tokens are verified here (signature,
 * expiry, then the revoked-grants set), with no call to another service; opaque access tokens and refresh tokens
 * exist only in the token service's storage, so it is asked (it caches them and its grants' status).
 */
@Injectable()
export class TokenChecker {
  constructor(
    private readonly jwts: JwtAccessTokenVerifier,
    private readonly revoked: RevokedGrants,
    private readonly rpc: RpcClient,
  ) {}

  check(token: string, tokenTypeHint?: string): Promise<ActiveToken | undefined> {
    return this.checkThen(token, async () => undefined, tokenTypeHint).then((checked) => checked?.token);
  }

  /**
   * `check`, and `next` on the token: for a JWT, `next` starts as soon as the signature is verified, alongside the
   * revocation check, so that with Redis auto-pipelining both reads (the revocation mark, and whatever `next`
   * reads) share one round trip. For a revoked token `next`'s outcome, even an error, is dropped.
   */
  async checkThen<T>(
    token: string,
    next: (active: ActiveToken) => Promise<T>,
    tokenTypeHint?: string,
  ): Promise<{ token: ActiveToken; then: T } | undefined> {
    // A JWT verified lately needs neither the format check nor a verification (nor the promise of one).
    let verified = this.jwts.recall(token);
    if (!verified) {
      if (!JWS_COMPACT.test(token)) return this.askTokenService(token, next, tokenTypeHint);
      verified = await this.jwts.verify(token);
      if (!verified) return undefined;
    }
    const pending = next(verified);
    pending.catch(() => undefined); // awaited below unless the token is revoked
    if (await this.revoked.has(verified.grantId)) return undefined;
    return { token: verified, then: await pending };
  }

  /** Opaque access tokens and refresh tokens exist only in the token service's storage. */
  private async askTokenService<T>(
    token: string,
    next: (active: ActiveToken) => Promise<T>,
    tokenTypeHint?: string,
  ): Promise<{ token: ActiveToken; then: T } | undefined> {
    const answer = await this.rpc.send(TOKEN_TOKEN_INTROSPECT, {
      token,
      ...(tokenTypeHint !== undefined ? { tokenTypeHint } : {}),
    });
    return answer.active ? { token: answer, then: await next(answer) } : undefined;
  }
}
