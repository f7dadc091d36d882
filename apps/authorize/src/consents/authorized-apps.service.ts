import { Injectable } from '@nestjs/common';
import {
  ACCOUNTS_USER_PROFILE_GET,
  AccessDeniedError,
  InvalidClientError,
  InvalidRequestError,
  REGISTRY_CLIENT_GET,
  type AuthorizedApp,
  type AuthorizedAppsPage,
  type BrowserIdentity,
  type ClientDisplay,
} from '@tessera/contracts';
import { constantTimeEqual, randomToken, sha256 } from '@tessera/crypto';
import { RpcClient } from '@tessera/nats';
import { userActor } from '../changes/event-actors';
import { accountCsrfToken } from '../csrf/csrf-tokens';
import { createInteraction } from '../interactions/interaction';
import { InteractionStore } from '../interactions/interaction.store';
import { SessionStore, type BrowserSession } from '../sessions/session.store';
import { ConsentService } from './consent.service';

/**
 * /account/authorized-apps: the signed-in user sees the applications they let in and can revoke each. Without
 * a session, a sign-in interaction is opened that comes back to the page.
 */
@Injectable()
export class AuthorizedAppsService {
  constructor(
    private readonly sessions: SessionStore,
    private readonly interactions: InteractionStore,
    private readonly consents: ConsentService,
    private readonly rpc: RpcClient,
  ) {}

  async list(browser: BrowserIdentity, returnTo: string): Promise<AuthorizedAppsPage> {
    const signedIn = await this.signedIn(browser);
    if (!signedIn) {
      const interaction = createInteraction(
        {
          id: randomToken(24),
          purpose: { kind: 'account', returnTo },
          browserBindingHash: sha256(browser.browserBinding),
        },
        Math.floor(Date.now() / 1000),
      );
      await this.interactions.create(interaction);
      return { signedIn: false, interactionId: interaction.id };
    }
    const { session, csrfToken } = signedIn;
    const [profile, consents] = await Promise.all([
      this.rpc.send(ACCOUNTS_USER_PROFILE_GET, { userId: session.userId }),
      this.consents.listForUser(session.userId),
    ]);
    const apps: AuthorizedApp[] = await Promise.all(
      consents.map(async (consent) => ({
        client: await this.display(consent.clientId),
        scopes: consent.scopes,
        grantedAt: consent.updatedAt,
      })),
    );
    return {
      signedIn: true,
      signedInAs: profile.primaryEmail ?? profile.username,
      csrfToken,
      apps,
    };
  }

  async revoke(browser: BrowserIdentity, csrfToken: string, clientId: string): Promise<{ revoked: boolean }> {
    const signedIn = await this.signedIn(browser);
    if (!signedIn) {
      throw new InvalidRequestError('You are not signed in. Sign in again to manage your authorized applications.');
    }
    const { session } = signedIn;
    if (!constantTimeEqual(csrfToken, signedIn.csrfToken)) {
      throw new AccessDeniedError('The form could not be verified. Reload the page and try again.', {
        detail: { reason: 'session csrf token mismatch' },
      });
    }
    const revoked = await this.consents.revoke(session.userId, clientId, userActor(session.userId));
    return { revoked: revoked !== undefined };
  }

  /** The browser's live session and the CSRF token of its account pages; undefined when signed out. */
  private async signedIn(
    browser: BrowserIdentity,
  ): Promise<{ session: BrowserSession; csrfToken: string } | undefined> {
    const { sessionToken } = browser;
    const session = await this.sessions.touch(sessionToken);
    if (!session || sessionToken === undefined) return undefined;
    return { session, csrfToken: accountCsrfToken(sessionToken) };
  }

  /** A deleted application still shows (by its client id) so that its consent can be revoked. */
  private async display(clientId: string): Promise<ClientDisplay> {
    try {
      const client = await this.rpc.send(REGISTRY_CLIENT_GET, { clientId });
      return { clientId, name: client.name, logoUri: client.logoUri, clientUri: client.clientUri };
    } catch (error) {
      if (!(error instanceof InvalidClientError)) throw error;
      return { clientId, name: clientId, logoUri: null, clientUri: null };
    }
  }
}
