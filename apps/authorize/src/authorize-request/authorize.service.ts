import { Inject, Injectable } from '@nestjs/common';
import {
  LoginRequiredError,
  OAuthError,
  type AuthorizeParams,
  type AuthorizeStartResponse,
  type BrowserIdentity,
  type SessionCookieDirective,
} from '@tessera/contracts';
import { randomToken, sha256 } from '@tessera/crypto';
import { AUTHORIZE_CONFIG, type AuthorizeConfig } from '../authorize.config';
import { errorReply } from '../flow/client-reply';
import { AuthorizationFlow, replyChannelOf } from '../flow/authorization-flow.service';
import { createInteraction, signIn, snapshotOf, type ClientSnapshot } from '../interactions/interaction';
import { InteractionStore } from '../interactions/interaction.store';
import { IdTokenHintVerifier } from '../sessions/id-token-hint.verifier';
import { signInNeeded } from '../sessions/login-decision';
import { SessionStore } from '../sessions/session.store';
import type { AuthorizeRequest } from './authorize-request';
import { validateAuthorizeRequest } from './authorize-request.checks';
import { ClientCheck } from './client-check';

/**
 * GET/POST /oauth/authorize: checks the request, then either answers the client at once (error, or a code when
 * the browser's session and a remembered consent suffice) or opens an interaction for the sign-in or consent page.
 */
@Injectable()
export class AuthorizeService {
  constructor(
    private readonly clients: ClientCheck,
    private readonly flow: AuthorizationFlow,
    private readonly interactions: InteractionStore,
    private readonly sessions: SessionStore,
    private readonly hints: IdTokenHintVerifier,
    @Inject(AUTHORIZE_CONFIG) private readonly config: AuthorizeConfig,
  ) {}

  async start(input: {
    params: AuthorizeParams;
    repeated: string[];
    browser: BrowserIdentity;
  }): Promise<AuthorizeStartResponse> {
    const checked = await this.clients.check(input.params, input.repeated);
    if (checked.kind === 'scope_refused') {
      return { next: errorReply(checked.channel, checked.error, this.config.ISSUER) };
    }
    let request: AuthorizeRequest;
    try {
      request = validateAuthorizeRequest({
        ...input,
        client: checked.client,
        redirectUri: checked.channel.redirectUri,
        scopes: checked.scopes,
      });
    } catch (error) {
      if (error instanceof OAuthError) return { next: errorReply(checked.channel, error, this.config.ISSUER) };
      throw error;
    }
    return this.begin(request, snapshotOf(checked.client), input.browser);
  }

  private async begin(
    request: AuthorizeRequest,
    client: ClientSnapshot,
    browser: BrowserIdentity,
  ): Promise<AuthorizeStartResponse> {
    const now = Math.floor(Date.now() / 1000);
    const session = await this.sessions.touch(browser.sessionToken);
    const sessionCookie = this.cookieFor(browser.sessionToken, session !== undefined);
    try {
      const hintedSubject =
        request.idTokenHint !== undefined
          ? await this.hints.subjectOf(request.idTokenHint, client.clientId)
          : undefined;
      const interaction = createInteraction(
        {
          id: randomToken(24),
          purpose: { kind: 'authorize', request, client },
          browserBindingHash: sha256(browser.browserBinding),
        },
        now,
      );
      if (!session || signInNeeded(request, session, hintedSubject, now)) {
        // OpenID Connect Core §3.1.2.6: prompt=none must not show a page.
        if (request.prompt.includes('none')) throw new LoginRequiredError('The user is not signed in');
        await this.interactions.create(interaction);
        return { next: { kind: 'interaction', interactionId: interaction.id, page: 'sign_in' }, ...sessionCookie };
      }
      const signedIn = signIn(interaction, { userId: session.userId, authTime: session.authTime });
      // Nothing is stored unless a page is needed: then the interaction is created already signed in.
      const next = await this.flow.continueSignedIn(signedIn, (state) => this.interactions.create(state), false);
      if (next.kind === 'local_redirect') throw new Error('an authorization request never ends at a local page');
      return { next, ...sessionCookie };
    } catch (error) {
      if (error instanceof OAuthError) {
        return { next: errorReply(replyChannelOf(request), error, this.config.ISSUER), ...sessionCookie };
      }
      throw error;
    }
  }

  /** A live session's cookie is re-set (its lifetime slides with the session's); a dead one is cleared. */
  private cookieFor(token: string | undefined, alive: boolean): { session?: SessionCookieDirective } {
    if (token === undefined) return {};
    if (!alive) return { session: { action: 'clear' } };
    return { session: { action: 'set', token, maxAgeSeconds: this.sessions.ttlSeconds } };
  }
}
