import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import * as oidc from 'openid-client';
import { chromium, type Browser } from 'playwright-core';
import { admin, e2e } from '../support/e2e-env';

/*
 * Test fixtures for the authorization flow through the launched stack: a relying party's callback server,
 * users and applications made through the admin API, an openid-client configuration, a cookie-keeping HTTP
 * "browser" for exact status assertions, and headless Chromium for the pages.
 */

export const unique = (prefix: string) => `${prefix}-${randomBytes(5).toString('hex')}`;

export interface TestUser {
  id: string;
  email: string;
  username: string;
  password: string;
}

export async function createUser(fields: Record<string, unknown> = {}): Promise<TestUser> {
  const username = unique('user').replace('-', '_');
  const email = `${username}@example.com`;
  const password = `pw-${randomBytes(9).toString('base64url')}`;
  const response = await admin('/v1/users', {
    method: 'POST',
    body: JSON.stringify({ email_address: [email], username, password, first_name: 'Ada', ...fields }),
  });
  if (response.status !== 200) throw new Error(`creating a user: ${response.status} ${await response.text()}`);
  return { id: ((await response.json()) as { id: string }).id, email, username, password };
}

export async function createOrganization(userId: string, name: string): Promise<string> {
  const response = await admin('/v1/organizations', {
    method: 'POST',
    body: JSON.stringify({ name, created_by: userId }),
  });
  if (response.status !== 200) throw new Error(`creating an organization: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { id: string }).id;
}

export const ALL_SCOPES = 'openid profile email public_metadata private_metadata offline_access user:org:read';

export interface TestApp {
  clientId: string;
  clientSecret?: string;
  redirectUri: string;
}

/** An OAuth application registered through the admin API, redirecting to `redirectUri`. */
export async function createApp(redirectUri: string, fields: Record<string, unknown> = {}): Promise<TestApp> {
  const response = await admin('/v1/oauth_applications', {
    method: 'POST',
    body: JSON.stringify({ name: 'Example RP', redirect_uris: [redirectUri], scopes: ALL_SCOPES, ...fields }),
  });
  if (response.status !== 200) throw new Error(`creating an application: ${response.status} ${await response.text()}`);
  const body = (await response.json()) as { client_id: string; client_secret?: string };
  return { clientId: body.client_id, redirectUri, ...(body.client_secret ? { clientSecret: body.client_secret } : {}) };
}

/** The relying party's view of Tessera, through discovery (plain http is allowed for the test issuer only). */
export async function relyingParty(app: TestApp): Promise<oidc.Configuration> {
  return oidc.discovery(
    new URL(e2e.issuer),
    app.clientId,
    app.clientSecret ? { client_secret: app.clientSecret } : undefined,
    app.clientSecret ? oidc.ClientSecretBasic(app.clientSecret) : oidc.None(),
    { execute: [oidc.allowInsecureRequests] },
  );
}

/** An authorization request with PKCE, state and nonce, as a careful relying party makes it. */
export async function authorizationRequest(
  config: oidc.Configuration,
  app: TestApp,
  params: Record<string, string> = {},
) {
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: app.redirectUri,
    scope: 'openid profile email',
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
    ...params,
  });
  return { url, verifier, state, nonce };
}

export interface CallbackHit {
  method: string;
  url: URL;
  body: URLSearchParams;
}

/** The relying party's redirect URI: a small HTTP server that records what arrives. */
export class CallbackServer {
  readonly hits: CallbackHit[] = [];
  private server?: Server;
  private port = 0;

  get redirectUri(): string {
    return `http://127.0.0.1:${this.port}/callback`;
  }

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      void readBody(request).then((body) => {
        if (request.url?.split('?')[0] !== '/callback') {
          // A browser also asks for /favicon.ico: not a callback.
          response.writeHead(404).end();
          return;
        }
        this.hits.push({
          method: request.method ?? 'GET',
          url: new URL(request.url ?? '/', `http://127.0.0.1:${this.port}`),
          body: new URLSearchParams(body),
        });
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        response.end('<!doctype html><title>Callback</title><h1>Signed in</h1>');
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const address = this.server.address();
    this.port = typeof address === 'object' && address ? address.port : 0;
    return this;
  }

  last(): CallbackHit {
    const hit = this.hits.at(-1);
    if (!hit) throw new Error('the callback was never reached');
    return hit;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

/** The hidden inputs of the first form on a page, by name (HTML entities decoded). */
export function hiddenFields(html: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const match of html.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)"/g)) {
    fields[decodeEntities(match[1])] = decodeEntities(match[2]);
  }
  return fields;
}

const decodeEntities = (text: string) =>
  text
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/**
 * A cookie-keeping HTTP client that behaves like a browser on Tessera's pages but lets a test see every status,
 * header and body: redirects are not followed, and POSTs carry the issuer's Origin unless told otherwise.
 */
export class HttpBrowser {
  readonly cookies = new Map<string, string>();

  get(url: string | URL, headers: Record<string, string> = {}): Promise<Response> {
    return this.request(url, { method: 'GET', headers });
  }

  post(url: string | URL, form: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
    return this.request(url, {
      method: 'POST',
      headers: { origin: new URL(e2e.issuer).origin, 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams(form).toString(),
    });
  }

  /** A header given as '' is not sent at all (e.g. `{ origin: '' }`: a POST without Origin). */
  private static present(headers: Record<string, string>): Record<string, string> {
    return Object.fromEntries(Object.entries(headers).filter(([, value]) => value !== ''));
  }

  /** Follows redirects within the issuer (GET), stopping at a page or at a redirect that leaves it. */
  async follow(response: Response): Promise<Response> {
    let current = response;
    for (let hops = 0; hops < 10; hops++) {
      const location = current.headers.get('location');
      if (![302, 303].includes(current.status) || !location) return current;
      const next = new URL(location, e2e.issuer);
      if (next.origin !== new URL(e2e.issuer).origin) return current;
      current = await this.get(next);
    }
    throw new Error('too many redirects');
  }

  private async request(
    url: string | URL,
    init: Omit<RequestInit, 'headers'> & { headers: Record<string, string> },
  ): Promise<Response> {
    const target = new URL(url, e2e.issuer);
    const cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    const response = await fetch(target, {
      ...init,
      redirect: 'manual',
      headers: HttpBrowser.present({ ...(cookie ? { cookie } : {}), ...init.headers }),
    });
    for (const header of response.headers.getSetCookie()) {
      const [pair, ...attributes] = header.split(';').map((part) => part.trim());
      const separator = pair.indexOf('=');
      const name = pair.slice(0, separator);
      const expired = attributes.some((attribute) => /^max-age=0$/i.test(attribute));
      if (expired) this.cookies.delete(name);
      else this.cookies.set(name, pair.slice(separator + 1));
    }
    return response;
  }
}

/** Signs a user in on the sign-in page the response leads to, answering where the browser is sent next. */
export async function signInThroughPage(browser: HttpBrowser, signInPage: Response | string, user: TestUser) {
  const fields = hiddenFields(typeof signInPage === 'string' ? signInPage : await signInPage.text());
  return browser.post('/sign-in', { ...fields, identifier: user.email, password: user.password });
}

/** Debian's Chromium, driven headless by playwright-core (no browser download). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}
