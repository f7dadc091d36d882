import { Injectable } from '@nestjs/common';
import {
  ACCOUNTS_USER_PROFILE_GET,
  InvalidRequestError,
  type BrowserIdentity,
  type ClientDisplay,
  type ClientRedirect,
  type ConsentPage,
  type InteractionPage,
  type SignInPage,
  type SubmitSignInResponse,
} from '@tessera/contracts';
import { RpcClient } from '@tessera/nats';
import { OrganizationDirectory } from '../consents/organization-directory';
import { interactionCsrfToken } from '../csrf/csrf-tokens';
import { AuthorizationFlow, type SaveInteraction } from '../flow/authorization-flow.service';
import { SessionStore } from '../sessions/session.store';
import { SignInService } from '../sign-in/sign-in.service';
import {
  signIn,
  type ClientSnapshot,
  type Interaction,
  type InteractionState,
  type SignedInInteraction,
} from './interaction';
import { checkBrowser, checkCsrfToken, interactionAlreadyCompleted, interactionNotFound } from './interaction-access';
import { InteractionStore } from './interaction.store';

/** The hosted pages' side of an interaction: what to show, and what a submitted form does. */
@Injectable()
export class InteractionService {
  constructor(
    private readonly store: InteractionStore,
    private readonly flow: AuthorizationFlow,
    private readonly signIns: SignInService,
    private readonly sessions: SessionStore,
    private readonly organizations: OrganizationDirectory,
    private readonly rpc: RpcClient,
  ) {}

  async page(interactionId: string, browser: BrowserIdentity): Promise<InteractionPage> {
    const interaction = await this.load(interactionId, browser);
    if (interaction.state === 'created') {
      const hint = interaction.purpose.kind === 'authorize' ? interaction.purpose.request.loginHint : undefined;
      return { page: 'sign_in', signIn: signInPage(interaction, browser.browserBinding, hint ?? null, false) };
    }
    if (interaction.state === 'signed_in' && interaction.purpose.kind === 'authorize') {
      return { page: 'consent', consent: await this.consentPage(interaction, browser.browserBinding) };
    }
    throw interactionAlreadyCompleted();
  }

  async submitSignIn(input: {
    interactionId: string;
    browser: BrowserIdentity;
    csrfToken: string;
    identifier: string;
    password: string;
    sourceIp: string;
  }): Promise<SubmitSignInResponse> {
    const interaction = await this.load(input.interactionId, input.browser);
    checkCsrfToken(interaction, input.browser.browserBinding, input.csrfToken);
    if (interaction.state === 'signed_in' && interaction.purpose.kind === 'authorize') {
      // The same form submitted twice: the first submission already moved on to consent.
      return { next: { kind: 'interaction', interactionId: interaction.id, page: 'consent' } };
    }
    if (interaction.state !== 'created') throw interactionAlreadyCompleted();

    const result = await this.signIns.signIn({
      identifier: input.identifier,
      password: input.password,
      sourceIp: input.sourceIp,
      previousSessionToken: input.browser.sessionToken,
    });
    if (result.kind === 'failed') {
      const page = signInPage(interaction, input.browser.browserBinding, input.identifier, true);
      return { next: { kind: 'sign_in_failed', page } };
    }
    if (result.kind === 'throttled') {
      return { next: { kind: 'throttled', retryAfterSeconds: result.retryAfterSeconds } };
    }
    const signedIn = signIn(interaction, { userId: result.userId, authTime: result.authTime });
    const next = await this.flow.continueSignedIn(signedIn, this.saveFrom('created'), true);
    return {
      next,
      session: { action: 'set', token: result.sessionToken, maxAgeSeconds: this.sessions.ttlSeconds },
    };
  }

  async submitConsent(input: {
    interactionId: string;
    browser: BrowserIdentity;
    csrfToken: string;
    consented: boolean;
    organizationId?: string;
  }): Promise<{ next: ClientRedirect }> {
    const interaction = await this.load(input.interactionId, input.browser);
    checkCsrfToken(interaction, input.browser.browserBinding, input.csrfToken);
    if (interaction.state !== 'signed_in' || interaction.purpose.kind !== 'authorize') {
      throw interactionAlreadyCompleted();
    }
    // Consent is given by the signed-in user: signing out (or in as someone else) in between voids the page.
    const session = await this.sessions.touch(input.browser.sessionToken);
    if (!session || session.userId !== interaction.user.userId) {
      throw new InvalidRequestError(
        'You are no longer signed in as the user this page was shown to. Go back to the application and try again.',
      );
    }
    const save = this.saveFrom('signed_in');
    if (!input.consented) return { next: await this.flow.deny(interaction, save) };
    const organizationId = await this.chosenOrganization(interaction, input.organizationId);
    return { next: await this.flow.grant(interaction, organizationId, save, { kind: 'page' }) };
  }

  private async load(interactionId: string, browser: BrowserIdentity): Promise<Interaction> {
    const interaction = await this.store.find(interactionId);
    if (!interaction) throw interactionNotFound();
    checkBrowser(interaction, browser.browserBinding);
    return interaction;
  }

  private saveFrom(expected: InteractionState): SaveInteraction {
    return async (next) => {
      if (!(await this.store.replace(next, expected))) throw interactionAlreadyCompleted();
    };
  }

  private async consentPage(interaction: SignedInInteraction, browserBinding: string): Promise<ConsentPage> {
    if (interaction.purpose.kind !== 'authorize') throw interactionAlreadyCompleted();
    const { request, client } = interaction.purpose;
    const [profile, organizations] = await Promise.all([
      this.rpc.send(ACCOUNTS_USER_PROFILE_GET, { userId: interaction.user.userId }),
      this.organizations.forScopes(interaction.user.userId, request.scopes),
    ]);
    return {
      interactionId: interaction.id,
      csrfToken: interactionCsrfToken(browserBinding, interaction.id),
      client: displayOf(client),
      scopes: request.scopes,
      redirectUri: request.redirectUri,
      signedInAs: profile.primaryEmail ?? profile.username,
      organizations,
    };
  }

  /** The organization picked on the page; it must be one of the user's. Without a pick, the first one. */
  private async chosenOrganization(
    interaction: SignedInInteraction,
    chosen: string | undefined,
  ): Promise<string | undefined> {
    if (interaction.purpose.kind !== 'authorize') return undefined;
    const organizations = await this.organizations.forScopes(
      interaction.user.userId,
      interaction.purpose.request.scopes,
    );
    if (organizations.length === 0) return undefined;
    if (chosen === undefined) return organizations[0].id;
    if (!organizations.some((organization) => organization.id === chosen)) {
      throw new InvalidRequestError('Choose one of your own organizations.', { param: 'organization_id' });
    }
    return chosen;
  }
}

const displayOf = (client: ClientSnapshot): ClientDisplay => ({
  clientId: client.clientId,
  name: client.name,
  logoUri: client.logoUri,
  clientUri: client.clientUri,
});

function signInPage(
  interaction: Interaction,
  browserBinding: string,
  identifier: string | null,
  failed: boolean,
): SignInPage {
  const { purpose } = interaction;
  return {
    interactionId: interaction.id,
    csrfToken: interactionCsrfToken(browserBinding, interaction.id),
    client: purpose.kind === 'authorize' ? displayOf(purpose.client) : null,
    redirectUri: purpose.kind === 'authorize' ? purpose.request.redirectUri : null,
    identifier,
    failed,
  };
}
