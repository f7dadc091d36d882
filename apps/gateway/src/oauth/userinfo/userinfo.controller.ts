import { Body, Controller, Get, HttpCode, Options, Post, Req, Res } from '@nestjs/common';
import { USERINFO_USERINFO_GET, type UserInfo } from '@tessera/contracts';
import { RpcClient } from '@tessera/nats';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { readBearerToken } from './bearer-token';
import { allowPreflight } from './userinfo-cors';

/**
 * The UserInfo endpoint (OpenID Connect Core §5.3, Clerk's `oauth_user_info`), GET or POST (§5.3.1), the token
 * read per RFC 6750 §2. Errors follow RFC 6750 §3: no token → 401 with a bare `Bearer realm` challenge; a bad,
 * expired or revoked token → 401 `invalid_token`; a token without a scope userinfo serves → 403
 * `insufficient_scope`; a malformed request → 400 `invalid_request`. Answers are never cached (the gateway's
 * default `Cache-Control: no-store`). CORS: see userinfo-cors.ts.
 */
@Controller('oauth/userinfo')
export class UserinfoController {
  constructor(private readonly rpc: RpcClient) {}

  @Get()
  get(@Req() request: FastifyRequest): Promise<UserInfo> {
    return this.rpc.send(USERINFO_USERINFO_GET, { accessToken: readBearerToken(request) });
  }

  @Post()
  @HttpCode(200)
  post(@Req() request: FastifyRequest, @Body() body: unknown): Promise<UserInfo> {
    return this.rpc.send(USERINFO_USERINFO_GET, { accessToken: readBearerToken(request, body) });
  }

  @Options()
  @HttpCode(204)
  preflight(@Res({ passthrough: true }) reply: FastifyReply): void {
    allowPreflight(reply);
  }
}
