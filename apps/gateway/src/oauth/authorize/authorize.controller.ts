import { Body, Controller, Get, Inject, Post, Query, Req, Res } from '@nestjs/common';
import { AUTHORIZE_REQUEST_START } from '@tessera/contracts';
import { RpcClient } from '@tessera/nats';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { GATEWAY_CONFIG, type GatewayConfig } from '../../gateway.config';
import { BrowserCookies } from '../../pages/browser-cookies';
import { sendNextStep } from '../../pages/next-step.reply';
import { readAuthorizeParams } from './authorize-params';

/**
 * The authorization endpoint (RFC 6749 §3.1, OpenID Connect Core §3.1.2.1): GET with a query, or POST with a
 * form. The authorize service decides; the answer is a redirect to the client, a form_post page, a redirect
 * to the sign-in or consent page, or an error page (never a redirect) when the client or redirect_uri is bad.
 */
@Controller()
export class AuthorizeController {
  constructor(
    private readonly rpc: RpcClient,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  @Get('/oauth/authorize')
  get(@Query() query: unknown, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.authorize(query, request, reply);
  }

  @Post('/oauth/authorize')
  post(@Body() body: unknown, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.authorize(body, request, reply);
  }

  private async authorize(input: unknown, request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const cookies = new BrowserCookies(request, this.config.ISSUER);
    const started = await this.rpc.send(AUTHORIZE_REQUEST_START, {
      ...readAuthorizeParams(input),
      browser: cookies.identity,
    });
    cookies.session(started.session).commit(reply);
    sendNextStep(reply, started.next, this.config.ISSUER);
  }
}
