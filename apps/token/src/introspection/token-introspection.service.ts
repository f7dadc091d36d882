import { Inject, Injectable } from '@nestjs/common';
import type { IntrospectTokenResponse } from '@tessera/contracts';
import { GrantStatusCache } from '../grants/grant-status.cache';
import { TokenResolver } from '../inspection/token-resolver.service';
import { TOKEN_CONFIG, type TokenConfig } from '../token.config';

/**
 * Is this token active, and what does it say (RFC 7662 §2.2)? Access tokens (opaque or JWT) are active while
 * unexpired and their grant is not revoked — answered from Redis in the steady state; refresh tokens while they
 * are the current, unexpired member of a live family.
 */
@Injectable()
export class TokenIntrospectionService {
  constructor(
    private readonly resolver: TokenResolver,
    private readonly grantStatus: GrantStatusCache,
    @Inject(TOKEN_CONFIG) private readonly config: TokenConfig,
  ) {}

  async introspect(token: string): Promise<IntrospectTokenResponse> {
    const resolved = await this.resolver.resolve(token);
    if (!resolved?.live) return { active: false };
    if (resolved.format !== 'refresh' && !(await this.grantStatus.isLive(resolved.grantId))) return { active: false };
    const { format, live: _live, jti, ...claims } = resolved;
    return {
      active: true,
      tokenType: format === 'refresh' ? 'refresh_token' : 'access_token',
      format,
      ...claims,
      issuer: this.config.ISSUER,
      ...(jti ? { jti } : {}),
    };
  }
}
