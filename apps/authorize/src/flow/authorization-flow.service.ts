import { Inject, Injectable } from '@nestjs/common';
import {
  AccessDeniedError,
  ConsentRequiredError,
  OAuthError,
  type ClientRedirect,
  type ConsentView,
  type SubmitSignInResponse,
} from '@tessera/contracts';
import { EventPublisher } from '@tessera/events';
import type { AuthorizeRequest, ReplyChannel } from '../authorize-request/authorize-request';
import { AUTHORIZE_CONFIG, type AuthorizeConfig } from '../authorize.config';
import { userActor } from '../changes/event-actors';
import {
  announcesGrant,
  consentPageNeeded,
  organizationWithoutPage,
  type ConsentSource,
} from '../consents/consent-decision';
import { ConsentRepository } from '../consents/consent.repository';
import { OrganizationDirectory } from '../consents/organization-directory';
import {
  deny,
  grantConsent,
  issueCode,
  type CodeIssuedInteraction,
  type Interaction,
  type SignedInInteraction,
} from '../interactions/interaction';
import { CodeIssuer } from './code-issuer';
import { codeReply, errorReply } from './client-reply';

/** Persists a transition; throws when another request moved the interaction first. */
export type SaveInteraction = (next: Interaction) => Promise<void>;

/** Where a signed-in interaction goes next. */
export type NextStep = Exclude<SubmitSignInResponse['next'], { kind: 'sign_in_failed' | 'throttled' }>;

export const replyChannelOf = (request: AuthorizeRequest): ReplyChannel => ({
  redirectUri: request.redirectUri,
  responseMode: request.responseMode,
  ...(request.state !== undefined ? { state: request.state } : {}),
});

/**
 * The part of the flow after the user is known: the consent page when one is needed, otherwise (or once the
 * user allowed) a remembered consent, the code, and the redirect to the client.
 */
@Injectable()
export class AuthorizationFlow {
  constructor(
    private readonly consents: ConsentRepository,
    private readonly organizations: OrganizationDirectory,
    private readonly codes: CodeIssuer,
    private readonly changes: EventPublisher,
    @Inject(AUTHORIZE_CONFIG) private readonly config: AuthorizeConfig,
  ) {}

  /**
   * `stored`: whether the interaction is in Redis already (its sign-in page was shown). One that is stored moves
   * on by `save`, which fails for the second of two submissions of one form, so that a page yields one code.
   */
  async continueSignedIn(interaction: SignedInInteraction, save: SaveInteraction, stored: boolean): Promise<NextStep> {
    const { purpose } = interaction;
    if (purpose.kind === 'account') {
      await save(interaction);
      return { kind: 'local_redirect', path: purpose.returnTo };
    }
    const { request, client } = purpose;
    const remembered = await this.consents.find(interaction.user.userId, request.clientId);
    if (consentPageNeeded(client, request, remembered?.scopes)) {
      if (request.prompt.includes('none')) {
        throw new ConsentRequiredError('The user has not granted this client the requested scopes');
      }
      await save(interaction);
      return { kind: 'interaction', interactionId: interaction.id, page: 'consent' };
    }
    const organizations = await this.organizations.forScopes(interaction.user.userId, request.scopes);
    const organizationId = organizationWithoutPage(request.scopes, remembered?.organizationId, organizations);
    if (!stored && remembered && rememberedAsIs(remembered, request.scopes, organizationId)) {
      // The remembered consent already says all of it: there is nothing to remember or announce, and no page was
      // shown whose form could come twice, so the only write is the code (no transaction, no interaction in
      // Redis: the silent sign-in of a returning user costs no Postgres commit).
      const consent = { consentId: remembered.id, scopes: request.scopes, ...optionalOrganization(organizationId) };
      return this.reply(issueCode(grantConsent(interaction, consent)));
    }
    return this.grant(interaction, organizationId, save, {
      kind: 'without_page',
      rememberedScopes: remembered?.scopes,
    });
  }

  /**
   * Remembers the consent and announces the grant (one transaction), moves the interaction to code_issued (once
   * only), mints the code.
   */
  async grant(
    interaction: SignedInInteraction,
    organizationId: string | undefined,
    save: SaveInteraction,
    source: ConsentSource,
  ): Promise<ClientRedirect> {
    const request = this.requestOf(interaction);
    const { userId } = interaction.user;
    const issued = await this.changes
      .commit(async (manager, record) => {
        const consent = await this.consents.remember(manager, {
          userId,
          clientId: request.clientId,
          scopes: request.scopes,
          ...optionalOrganization(organizationId),
        });
        const next = issueCode(
          grantConsent(interaction, {
            consentId: consent.id,
            scopes: request.scopes,
            ...optionalOrganization(organizationId),
          }),
        );
        if (announcesGrant(source, request.scopes)) {
          await record({
            type: 'oauth_authorization.granted',
            aggregateId: userId,
            payload: { userId, clientId: request.clientId, scopes: request.scopes },
          });
        }
        // Saved before the commit: of one form submitted twice, the second save fails, and its consent write and
        // event roll back, so a grant is announced once. (Should the commit itself fail after the save, the
        // interaction is spent with nothing remembered: the person starts again.)
        await save(next);
        return next;
      }, userActor(userId))
      .finally(() => this.consents.settle([{ userId, clientId: request.clientId }]));
    return this.reply(issued);
  }

  /** Mints the code and builds the redirect that carries it, or the error that stopped it. */
  private async reply(issued: CodeIssuedInteraction): Promise<ClientRedirect> {
    const request = this.requestOf(issued);
    try {
      return codeReply(replyChannelOf(request), await this.codes.mint(issued), this.config.ISSUER);
    } catch (error) {
      // The interaction is spent; the client hears why (e.g. temporarily_unavailable) and can start again.
      if (error instanceof OAuthError) return errorReply(replyChannelOf(request), error, this.config.ISSUER);
      throw error;
    }
  }

  /** The user pressed Deny: RFC 6749 §4.1.2.1 access_denied. */
  async deny(interaction: SignedInInteraction, save: SaveInteraction): Promise<ClientRedirect> {
    const request = this.requestOf(interaction);
    const { userId } = interaction.user;
    // Nothing changes in Postgres: the event has a small transaction of its own. The interaction is saved
    // before it commits, so a second Deny of the same page fails there and announces nothing.
    await this.changes.commit(async (_manager, record) => {
      await record({
        type: 'oauth_authorization.denied',
        aggregateId: userId,
        payload: { userId, clientId: request.clientId, scopes: request.scopes },
      });
      await save(deny(interaction));
    }, userActor(userId));
    return errorReply(
      replyChannelOf(request),
      new AccessDeniedError('The user denied the authorization request'),
      this.config.ISSUER,
    );
  }

  private requestOf(interaction: Interaction): AuthorizeRequest {
    if (interaction.purpose.kind !== 'authorize') throw new Error('not an authorization request');
    return interaction.purpose.request;
  }
}

const optionalOrganization = (organizationId: string | undefined) =>
  organizationId !== undefined ? { organizationId } : {};

/**
 * Would remembering this grant leave the consent as it is? It holds every requested scope, and the organization
 * is the one it names (or none is bound): ConsentRepository.remember would only move its timestamp.
 */
function rememberedAsIs(remembered: ConsentView, scopes: readonly string[], organizationId: string | undefined) {
  return (
    scopes.every((scope) => remembered.scopes.includes(scope)) &&
    (organizationId === undefined || organizationId === remembered.organizationId)
  );
}
