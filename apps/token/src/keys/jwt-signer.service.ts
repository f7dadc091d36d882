import { Inject, Injectable } from '@nestjs/common';
import { SignJWT } from 'jose';
import { TOKEN_CONFIG, type TokenConfig } from '../token.config';
import type { SigningAlg } from './key-material';
import { SigningKeyService } from './signing-key.service';

/** Signs this issuer's JWTs with the active key: `iss`, `iat`, `exp` and the header (`alg`, `kid`, `typ`). */
@Injectable()
export class JwtSigner {
  constructor(
    private readonly keys: SigningKeyService,
    @Inject(TOKEN_CONFIG) private readonly config: TokenConfig,
  ) {}

  /** The algorithm the next token will be signed with (at_hash depends on it). */
  async alg(): Promise<SigningAlg> {
    return (await this.keys.activeKey()).alg;
  }

  async sign(
    claims: Record<string, unknown>,
    options: { typ: string; issuedAt: number; expiresAt: number; notBefore?: boolean },
  ): Promise<string> {
    const { kid, alg, key } = await this.keys.activeKey();
    const jwt = new SignJWT(claims)
      .setProtectedHeader({ alg, kid, typ: options.typ })
      .setIssuer(this.config.ISSUER)
      .setIssuedAt(options.issuedAt)
      .setExpirationTime(options.expiresAt);
    if (options.notBefore) jwt.setNotBefore(options.issuedAt);
    return jwt.sign(key);
  }
}
