import { Body, Controller, Get, Inject, Post, Query, Req, Res } from '@nestjs/common';
import {
  AUTHORIZE_CONSENT_SUBMIT,
  AUTHORIZE_INTERACTION_GET,
  AUTHORIZE_SIGN_IN_SUBMIT,
  type InteractionPage,
} from '@tessera/contracts';
import { RpcClient } from '@tessera/nats';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { GATEWAY_CONFIG, type GatewayConfig } from '../gateway.config';
import { BrowserCookies } from './browser-cookies';
import { renderConsentPage } from './consent.page';
import { formField, interactionIdFrom } from './form-fields';
import { interactionPath, sendNextStep } from './next-step.reply';
import { checkSameOrigin } from './origin-check';
import { seeOther, sendPage } from './page-reply';
import { renderSignInPage } from './sign-in.page';

/**
 * The sign-in and consent pages. Their URLs carry only the interaction id; everything else lives in the
 * authorize service. POSTs must come from these pages (Origin), from this browser (binding cookie) with the
 * interaction's CSRF token; every POST answers 303 or a page.
 */
@Controller()
export class InteractionPagesController {
  constructor(
    private readonly rpc: RpcClient,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  @Get('/sign-in')
  showSignIn(@Query() query: unknown, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.show('sign_in', query, request, reply);
  }

  @Get('/consent')
  showConsent(@Query() query: unknown, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    return this.show('consent', query, request, reply);
  }

  @Post('/sign-in')
  async submitSignIn(@Body() body: unknown, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    checkSameOrigin(request, this.config.ISSUER);
    const cookies = this.cookies(request);
    const interactionId = interactionIdFrom(body);
    const submitted = await this.rpc.send(AUTHORIZE_SIGN_IN_SUBMIT, {
      interactionId,
      browser: cookies.identity,
      csrfToken: formField(body, 'csrf_token'),
      identifier: formField(body, 'identifier'),
      password: formField(body, 'password'),
      sourceIp: request.ip,
    });
    cookies.session(submitted.session).commit(reply);
    sendNextStep(reply, submitted.next, this.config.ISSUER, interactionId);
  }

  @Post('/consent')
  async submitConsent(@Body() body: unknown, @Req() request: FastifyRequest, @Res() reply: FastifyReply) {
    checkSameOrigin(request, this.config.ISSUER);
    const cookies = this.cookies(request);
    const organizationId = formField(body, 'organization_id');
    const submitted = await this.rpc.send(AUTHORIZE_CONSENT_SUBMIT, {
      interactionId: interactionIdFrom(body),
      browser: cookies.identity,
      csrfToken: formField(body, 'csrf_token'),
      // Clerk's rule: only the literal "true" allows; anything else denies.
      consented: formField(body, 'consented') === 'true',
      ...(organizationId !== '' ? { organizationId } : {}),
    });
    cookies.commit(reply);
    sendNextStep(reply, submitted.next, this.config.ISSUER);
  }

  private async show(
    path: InteractionPage['page'],
    query: unknown,
    request: FastifyRequest,
    reply: FastifyReply,
  ): Promise<void> {
    const interactionId = interactionIdFrom(query);
    const cookies = this.cookies(request);
    const page = await this.rpc.send(AUTHORIZE_INTERACTION_GET, { interactionId, browser: cookies.identity });
    cookies.commit(reply);
    if (page.page !== path) {
      // The interaction moved on (or back): show the page it is waiting on, under its own URL.
      seeOther(reply, `${this.config.ISSUER}${interactionPath(page.page, interactionId)}`);
      return;
    }
    if (page.page === 'sign_in') {
      sendPage(reply, renderSignInPage(page.signIn, this.config.ISSUER), {
        formTargets: page.signIn.redirectUri ? [page.signIn.redirectUri] : [],
      });
    } else {
      sendPage(reply, renderConsentPage(page.consent, this.config.ISSUER), {
        formTargets: [page.consent.redirectUri],
      });
    }
  }

  private cookies(request: FastifyRequest): BrowserCookies {
    return new BrowserCookies(request, this.config.ISSUER);
  }
}
