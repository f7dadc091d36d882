import type { BrowserIdentity, SessionCookieDirective } from '@tessera/contracts';
import { randomToken } from '@tessera/crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

export const SESSION_COOKIE = 'tessera_session';
export const BROWSER_BINDING_COOKIE = 'tessera_csrf';
/** Outlives any interaction (10 minutes by default) and is renewed with every page. */
export const BROWSER_BINDING_MAX_AGE_SECONDS = 3600;

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** The cookies of a request (RFC 6265 §5.4), first occurrence of a name winning. */
export function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const pair of (header ?? '').split(';')) {
    const separator = pair.indexOf('=');
    if (separator < 0) continue;
    const name = pair.slice(0, separator).trim();
    const value = pair
      .slice(separator + 1)
      .trim()
      .replace(/^"(.*)"$/, '$1');
    if (name !== '' && !cookies.has(name)) cookies.set(name, value);
  }
  return cookies;
}

/** `Set-Cookie` for the pages' cookies: HttpOnly, SameSite=Lax, host-only, Path=/, Secure behind https. */
export function serializeCookie(name: string, value: string, maxAgeSeconds: number, secure: boolean): string {
  return [
    `${name}=${value}`,
    'Path=/',
    `Max-Age=${maxAgeSeconds}`,
    'HttpOnly',
    'SameSite=Lax',
    ...(secure ? ['Secure'] : []),
  ].join('; ');
}

/**
 * The browser as the authorize service needs to know it: its session cookie and its CSRF binding cookie. A
 * browser without a (well-formed) binding gets a new one, which `commit` sets.
 */
export class BrowserCookies {
  readonly identity: BrowserIdentity;
  private readonly setCookies: string[] = [];

  private readonly secure: boolean;

  constructor(request: FastifyRequest, issuer: string) {
    // Secure cookies need https; a development issuer on http://localhost must still get its cookies back.
    this.secure = issuer.startsWith('https://');
    const cookies = parseCookies(request.headers.cookie);
    const sessionToken = cookies.get(SESSION_COOKIE);
    const binding = cookies.get(BROWSER_BINDING_COOKIE);
    const browserBinding = binding !== undefined && TOKEN.test(binding) ? binding : randomToken(32);
    this.identity = {
      ...(sessionToken !== undefined && sessionToken !== '' && sessionToken.length <= 256 ? { sessionToken } : {}),
      browserBinding,
    };
    // Renewed on every page, so that the binding outlives the interactions that rely on it.
    this.setCookies.push(
      serializeCookie(BROWSER_BINDING_COOKIE, browserBinding, BROWSER_BINDING_MAX_AGE_SECONDS, this.secure),
    );
  }

  /** Applies what the authorize service said about the session cookie. */
  session(directive: SessionCookieDirective | undefined): this {
    if (directive?.action === 'set') {
      this.setCookies.push(serializeCookie(SESSION_COOKIE, directive.token, directive.maxAgeSeconds, this.secure));
    } else if (directive?.action === 'clear') {
      this.setCookies.push(serializeCookie(SESSION_COOKIE, '', 0, this.secure));
    }
    return this;
  }

  commit(reply: FastifyReply): void {
    reply.header('set-cookie', this.setCookies);
  }
}
