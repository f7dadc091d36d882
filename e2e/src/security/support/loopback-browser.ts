import { hiddenFields } from '../../authorize/authorize-fixtures';
import { e2e } from '../../support/e2e-env';
import { send, type Answer } from './http-client';

/**
 * A cookie-keeping "browser" for Tessera's pages, like the authorize suite's HttpBrowser, that comes from its own
 * loopback address: the sign-in throttle counts failures per source address, and tests that fail sign-ins on
 * purpose must neither trip it for, nor be tripped by, other test files sharing the stack. Redirects are not
 * followed; POSTs carry the issuer's Origin unless told otherwise (a header given as '' is not sent).
 */
export class LoopbackBrowser {
  readonly cookies = new Map<string, string>();

  constructor(readonly sourceAddress: string) {}

  get(target: string, headers: Record<string, string> = {}): Promise<Answer> {
    return this.request('GET', target, headers);
  }

  post(target: string, form: Record<string, string>, headers: Record<string, string> = {}): Promise<Answer> {
    return this.request(
      'POST',
      target,
      { origin: new URL(e2e.issuer).origin, 'content-type': 'application/x-www-form-urlencoded', ...headers },
      new URLSearchParams(form).toString(),
    );
  }

  /** Follows 303s within the issuer (GET), stopping at a page or at a redirect that leaves it. */
  async follow(answer: Answer): Promise<Answer> {
    let current = answer;
    for (let hops = 0; hops < 10; hops++) {
      const location = current.headers.location;
      if (current.status !== 303 || !location?.startsWith(`${e2e.issuer}/`)) return current;
      current = await this.get(location);
    }
    throw new Error('too many redirects');
  }

  async request(
    method: string,
    target: string,
    headers: Record<string, string>,
    body?: string | Buffer,
  ): Promise<Answer> {
    const url = new URL(target, e2e.issuer);
    const cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    const answer = await send({
      method,
      path: `${url.pathname}${url.search}`,
      headers: Object.fromEntries(
        Object.entries({ ...(cookie ? { cookie } : {}), ...headers }).filter(([, value]) => value !== ''),
      ),
      body,
      sourceAddress: this.sourceAddress,
    });
    for (const header of answer.headers['set-cookie'] ?? []) {
      const [pair, ...attributes] = header.split(';').map((part) => part.trim());
      const separator = pair.indexOf('=');
      const name = pair.slice(0, separator);
      if (attributes.some((attribute) => /^max-age=0$/i.test(attribute))) this.cookies.delete(name);
      else this.cookies.set(name, pair.slice(separator + 1));
    }
    return answer;
  }
}

/** The query of an authorization request for `clientId` with PKCE (a fixed challenge) and a state. */
export function authorizePath(params: Record<string, string>): string {
  return `/oauth/authorize?${new URLSearchParams({
    response_type: 'code',
    scope: 'openid email',
    state: 'security-state',
    code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    code_challenge_method: 'S256',
    ...params,
  })}`;
}

/** The verifier of the fixed challenge above (RFC 7636 appendix B). */
export const PKCE_VERIFIER = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';

/** A browser on the sign-in page of a new authorization request: the page and its form's hidden fields. */
export async function openSignInPage(browser: LoopbackBrowser, params: Record<string, string>) {
  const started = await browser.get(authorizePath(params));
  if (started.status !== 303) throw new Error(`authorize answered ${started.status}: ${started.text}`);
  const page = await browser.follow(started);
  if (page.status !== 200) throw new Error(`the sign-in page answered ${page.status}: ${page.text}`);
  return { page, fields: hiddenFields(page.text) };
}
