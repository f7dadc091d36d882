import { Body, Controller, Get, Inject, Post, Req, Res } from '@nestjs/common';
import {
  AUTHORIZE_AUTHORIZED_APP_REVOKE,
  AUTHORIZE_AUTHORIZED_APPS_LIST,
  AUTHORIZE_SESSION_END,
  InvalidRequestError,
} from '@tessera/contracts';
import { RpcClient } from '@tessera/nats';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { GATEWAY_CONFIG, type GatewayConfig } from '../gateway.config';
import { renderAuthorizedAppsPage } from './authorized-apps.page';
import { BrowserCookies } from './browser-cookies';
import { renderSignedOutPage } from './error.page';
import { formField } from './form-fields';
import { interactionPath } from './next-step.reply';
import { checkSameOrigin } from './origin-check';
import { seeOther, sendPage } from './page-reply';

const AUTHORIZED_APPS_PATH = '/account/authorized-apps';

/** The signed-in user's own pages: the applications they authorized (with revoke), and signing out. */
@Controller()
export class AccountController {
  constructor(
    private readonly rpc: RpcClient,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  @Get(AUTHORIZED_APPS_PATH)
  async authorizedApps(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const cookies = this.cookies(request);
    const page = await this.rpc.send(AUTHORIZE_AUTHORIZED_APPS_LIST, {
      browser: cookies.identity,
      returnTo: AUTHORIZED_APPS_PATH,
    });
    cookies.commit(reply);
    if (!page.signedIn) {
      seeOther(reply, `${this.config.ISSUER}${interactionPath('sign_in', page.interactionId)}`);
      return;
    }
    sendPage(reply, renderAuthorizedAppsPage({ issuer: this.config.ISSUER, ...page }));
  }

  @Post(`${AUTHORIZED_APPS_PATH}/revoke`)
  async revoke(@Body() body: unknown, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    checkSameOrigin(request, this.config.ISSUER);
    const clientId = formField(body, 'client_id');
    if (clientId === '' || clientId.length > 256) {
      throw new InvalidRequestError('Choose an application to revoke.', { param: 'client_id' });
    }
    const cookies = this.cookies(request);
    await this.rpc.send(AUTHORIZE_AUTHORIZED_APP_REVOKE, {
      browser: cookies.identity,
      csrfToken: formField(body, 'csrf_token'),
      clientId,
    });
    cookies.commit(reply);
    seeOther(reply, `${this.config.ISSUER}${AUTHORIZED_APPS_PATH}`);
  }

  /** Ends the browser's session; GET for a plain link, POST for a form. */
  @Get('/sign-out')
  signOutByLink(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.signOut(request, reply);
  }

  @Post('/sign-out')
  signOutByForm(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    checkSameOrigin(request, this.config.ISSUER);
    return this.signOut(request, reply);
  }

  private async signOut(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const cookies = this.cookies(request);
    await this.rpc.send(AUTHORIZE_SESSION_END, {
      ...(cookies.identity.sessionToken !== undefined ? { sessionToken: cookies.identity.sessionToken } : {}),
    });
    cookies.session({ action: 'clear' }).commit(reply);
    sendPage(reply, renderSignedOutPage(this.config.ISSUER));
  }

  private cookies(request: FastifyRequest): BrowserCookies {
    return new BrowserCookies(request, this.config.ISSUER);
  }
}
