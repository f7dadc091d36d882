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
import { formField } from './form-fields';
import { interactionPath } from './next-step.reply';
import { checkSameOrigin } from './origin-check';
import { seeOther, sendPage } from './page-reply';
import { checkSignOutToken, signOutToken } from './sign-out-token';
import { renderSignedOutPage, renderSignOutPage } from './sign-out.page';

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

  /**
   * Asks before signing out, and changes nothing: any site can make a browser GET a URL with its cookies, so a
   * GET that signed out would let every site sign its visitors out. Without a session cookie there is nothing
   * to ask about.
   */
  @Get('/sign-out')
  confirmSignOut(@Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    const cookies = this.cookies(request);
    const { sessionToken } = cookies.identity;
    cookies.commit(reply);
    sendPage(
      reply,
      sessionToken === undefined
        ? renderSignedOutPage(this.config.ISSUER)
        : renderSignOutPage(this.config.ISSUER, signOutToken(sessionToken)),
    );
  }

  /** Ends the browser's session: the form must come from this site, with the token of the session it ends. */
  @Post('/sign-out')
  async signOut(@Body() body: unknown, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    checkSameOrigin(request, this.config.ISSUER);
    const cookies = this.cookies(request);
    const { sessionToken } = cookies.identity;
    if (sessionToken !== undefined) {
      checkSignOutToken(sessionToken, formField(body, 'csrf_token'));
      await this.rpc.send(AUTHORIZE_SESSION_END, { sessionToken });
    }
    cookies.session({ action: 'clear' }).commit(reply);
    sendPage(reply, renderSignedOutPage(this.config.ISSUER));
  }

  private cookies(request: FastifyRequest): BrowserCookies {
    return new BrowserCookies(request, this.config.ISSUER);
  }
}
