import {
  AUTHORIZE_CONSENT_SUBMIT,
  AUTHORIZE_INTERACTION_GET,
  AUTHORIZE_REQUEST_START,
  AUTHORIZE_SIGN_IN_SUBMIT,
  type BrowserIdentity,
} from '@tessera/contracts';
import { randomToken } from '@tessera/crypto';
import type { RpcClient } from '@tessera/nats';
import type { FakeUser } from './fake-peers';

/** A new browser: its CSRF binding cookie, and no session yet. */
export const newBrowser = (): BrowserIdentity => ({ browserBinding: randomToken(32) });

/**
 * Drives the authorize service as the gateway does for one browser: an authorization request for `clientId`,
 * the sign-in form when the browser has no session (the session cookie is then kept in `browser`), and Allow on
 * the consent page when one is shown. Answers the browser, signed in as `user` with a consent for the client.
 */
export async function signInAndConsent(
  rpc: RpcClient,
  user: FakeUser,
  clientId: string,
  browser: BrowserIdentity = newBrowser(),
): Promise<BrowserIdentity> {
  const params = {
    responseType: 'code',
    clientId,
    redirectUri: 'https://app.example/callback',
    scope: 'openid email',
    state: 'state-1',
  };
  let next = (await rpc.send(AUTHORIZE_REQUEST_START, { params, repeated: [], browser })).next;
  while (next.kind === 'interaction') {
    const { interactionId } = next;
    const page = await rpc.send(AUTHORIZE_INTERACTION_GET, { interactionId, browser });
    if (page.page === 'sign_in') {
      const submitted = await rpc.send(AUTHORIZE_SIGN_IN_SUBMIT, {
        interactionId,
        browser,
        csrfToken: page.signIn.csrfToken,
        identifier: user.email,
        password: user.password,
        sourceIp: '203.0.113.20',
      });
      if (submitted.session?.action === 'set') browser.sessionToken = submitted.session.token;
      if (submitted.next.kind !== 'interaction' && submitted.next.kind !== 'client_redirect') {
        throw new Error(`signing in failed: ${JSON.stringify(submitted.next)}`);
      }
      next = submitted.next;
    } else {
      const csrfToken = page.consent.csrfToken;
      next = (await rpc.send(AUTHORIZE_CONSENT_SUBMIT, { interactionId, browser, csrfToken, consented: true })).next;
    }
  }
  if (!next.params.code) throw new Error(`no code: ${JSON.stringify(next.params)}`);
  return browser;
}
