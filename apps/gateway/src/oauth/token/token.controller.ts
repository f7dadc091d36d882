import { Body, Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { TOKEN_GRANT_EXCHANGE } from '@tessera/contracts';
import { RpcClient } from '@tessera/nats';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { readOAuthParams } from '../../http/oauth-params';
import { ClientAuthenticator } from '../client-auth/client-authenticator.service';
import { requireFormBody } from './form-body';
import { exchangeClientOf, toExchangeGrant, tokenParamsSchema } from './token-request';
import { presentTokenResponse } from './token-response';

/**
 * The token endpoint (RFC 6749 §3.2): parameters first (invalid_request), then client authentication
 * (invalid_client, 401), then the grant (unsupported_grant_type, invalid_grant, invalid_scope), which the token
 * service decides.
 */
@Controller('oauth/token')
export class TokenController {
  constructor(
    private readonly rpc: RpcClient,
    private readonly clients: ClientAuthenticator,
  ) {}

  @Post()
  @HttpCode(200)
  async token(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Body() body: Record<string, unknown>,
  ) {
    requireFormBody(request);
    const params = readOAuthParams(body, tokenParamsSchema);
    const client = await this.clients.authenticate(request, body);
    const grant = toExchangeGrant(params);
    const response = await this.rpc.send(TOKEN_GRANT_EXCHANGE, { client: exchangeClientOf(client), grant });
    // RFC 6749 §5.1: responses with tokens must not be cached.
    reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
    return presentTokenResponse(response);
  }
}
