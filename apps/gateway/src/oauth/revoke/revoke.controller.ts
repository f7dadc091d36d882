import { Body, Controller, HttpCode, Post, Req, Res } from '@nestjs/common';
import { TOKEN_TOKEN_REVOKE } from '@tessera/contracts';
import { RpcClient } from '@tessera/nats';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { readOAuthParams } from '../../http/oauth-params';
import { ClientAuthenticator } from '../client-auth/client-authenticator.service';
import { requireFormBody } from '../token/form-body';

/** RFC 7009 §2.1. The hint is a hint only: any value is accepted and Tessera's token formats describe themselves. */
const revokeParamsSchema = z
  .object({
    token: z.string().max(8192),
    token_type_hint: z.string().max(64).optional(),
  })
  .passthrough();

/**
 * Token revocation (RFC 7009): the authenticated client revokes one of its tokens, which revokes the whole grant.
 * The answer is 200 with an empty body whether or not the token was known, valid or the client's own (§2.2).
 */
@Controller('oauth/token/revoke')
export class RevokeController {
  constructor(
    private readonly rpc: RpcClient,
    private readonly clients: ClientAuthenticator,
  ) {}

  @Post()
  @HttpCode(200)
  async revoke(
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Body() body: Record<string, unknown>,
  ): Promise<void> {
    requireFormBody(request);
    const params = readOAuthParams(body, revokeParamsSchema);
    const client = await this.clients.authenticate(request, body);
    await this.rpc.send(TOKEN_TOKEN_REVOKE, {
      clientId: client.clientId,
      token: params.token,
      ...(params.token_type_hint !== undefined ? { tokenTypeHint: params.token_type_hint } : {}),
    });
    reply.header('cache-control', 'no-store').header('pragma', 'no-cache');
  }
}
