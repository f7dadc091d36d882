import { createHash, randomBytes } from 'node:crypto';
import { basicAuth, REDIRECT_URI, SCOPES, type TestApp, type TestUser } from './admin-fixtures';
import { Browser, hiddenFields } from './browser';

/** An authorization request with PKCE (S256) and state, as a careful relying party makes it. */
export function authorizationRequest(issuer: string, app: TestApp): { url: string; verifier: string } {
  const verifier = randomBytes(32).toString('base64url');
  const url = `${issuer}/oauth/authorize?${new URLSearchParams({
    client_id: app.clientId,
    redirect_uri: REDIRECT_URI,
    response_type: 'code',
    scope: SCOPES,
    state: randomBytes(8).toString('hex'),
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
  })}`;
  return { url, verifier };
}

/** POSTs a form to /oauth/token with the application's Basic credentials. */
export function tokenRequest(
  issuer: string,
  app: TestApp,
  form: Record<string, string>,
  deadlineMs = 15_000,
): Promise<Response> {
  return fetch(`${issuer}/oauth/token`, {
    method: 'POST',
    headers: { authorization: basicAuth(app), 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
    signal: AbortSignal.timeout(deadlineMs),
  });
}

/**
 * One user's browser for tests that need codes rather than load: the first code goes through the sign-in and
 * consent pages, later ones come straight from the session and the remembered consent.
 */
export class CodeFlow {
  private readonly browser: Browser;

  constructor(
    private readonly issuer: string,
    private readonly app: TestApp,
    private readonly user: TestUser,
  ) {
    this.browser = new Browser(issuer, 15_000);
  }

  async code(): Promise<{ code: string; verifier: string }> {
    const request = authorizationRequest(this.issuer, this.app);
    let response = await this.browser.get(request.url);
    for (let pages = 0; pages < 4; pages++) {
      const location = response.headers.get('location') ?? '';
      if (response.status !== 303) throw new Error(`expected a redirect, got ${response.status}`);
      if (location.startsWith(REDIRECT_URI)) {
        const code = new URL(location).searchParams.get('code');
        if (!code) throw new Error(`no code: ${location}`);
        return { code, verifier: request.verifier };
      }
      const page = await this.browser.get(location);
      const fields = hiddenFields(await page.text());
      response = new URL(location, this.issuer).pathname.startsWith('/sign-in')
        ? await this.browser.post('/sign-in', { ...fields, identifier: this.user.email, password: this.user.password })
        : await this.browser.post('/consent', { ...fields, consented: 'true' });
    }
    throw new Error('too many pages before the code');
  }

  async tokens(): Promise<{ access_token: string; refresh_token: string }> {
    const { code, verifier } = await this.code();
    const response = await tokenRequest(this.issuer, this.app, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT_URI,
      code_verifier: verifier,
    });
    if (response.status !== 200) throw new Error(`token: ${response.status} ${await response.text()}`);
    return (await response.json()) as { access_token: string; refresh_token: string };
  }
}
