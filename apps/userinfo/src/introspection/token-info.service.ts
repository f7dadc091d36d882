import { Injectable } from '@nestjs/common';
import type { IntrospectionResponse, ValidRequestOf } from '@tessera/contracts';
import { TokenChecker } from '../tokens/token-checker.service';
import { introspectionOf } from './introspection-response';

const INACTIVE = { active: false } as const;

/**
 * /oauth/token_info (RFC 7662) for an authenticated client: any token Tessera issued — JWT or opaque access
 * token, refresh token. Unknown, expired and revoked tokens, tokens of another client (RFC 7662 §4: a client must
 * not learn about tokens it was not issued) and tokens without every scope the caller asked to check are all the
 * same `{active:false}`.
 */
@Injectable()
export class TokenInfoService {
  constructor(private readonly tokens: TokenChecker) {}

  async introspect(request: ValidRequestOf<'userinfo.token.introspect.v1'>): Promise<IntrospectionResponse> {
    const token = await this.tokens.check(request.token, request.tokenTypeHint);
    if (!token || token.clientId !== request.callerClientId) return INACTIVE;
    if (request.scopes?.some((scope) => !token.scopes.includes(scope))) return INACTIVE;
    return introspectionOf(token);
  }
}
