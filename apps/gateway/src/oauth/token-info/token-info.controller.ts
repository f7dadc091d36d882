import { Body, Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { InvalidClientError, USERINFO_TOKEN_INTROSPECT, type IntrospectionResponse } from '@tessera/contracts';
import { RpcClient } from '@tessera/nats';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { readOAuthParams } from '../../http/oauth-params';
import { ClientAuthenticator } from '../client-auth/client-authenticator.service';
import { requireFormBody } from '../token/form-body';
import { tokenInfoParamsSchema, toIntrospectionRequest } from './token-info-params';

/**
 * Token introspection (RFC 7662) at Clerk's path, /oauth/token_info: a confidential client — typically a resource
 * server registered as an OAuth application — authenticates (401 `invalid_client` otherwise, with a Basic
 * challenge) and learns whether one of its own tokens is active and what it stands for.
 */
@Controller('oauth/token_info')
export class TokenInfoController {
  constructor(
    private readonly rpc: RpcClient,
    private readonly clients: ClientAuthenticator,
  ) {}

  @Post()
  @HttpCode(200)
  async introspect(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Body() body: Record<string, unknown>,
  ): Promise<IntrospectionResponse> {
    requireFormBody(request);
    const params = readOAuthParams(body, tokenInfoParamsSchema);
    const client = await this.clients.authenticate(request, body);
    // RFC 7662 §2.1: the caller must be authenticated; a client_id alone proves nothing.
    if (client.public) throw new InvalidClientError('Token introspection requires client authentication with a secret');
    const answer = await this.rpc.send(USERINFO_TOKEN_INTROSPECT, toIntrospectionRequest(params, client.clientId));
    // RFC 7662 §2.2 describes a token: never cache it.
    reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
    return answer;
  }
}
