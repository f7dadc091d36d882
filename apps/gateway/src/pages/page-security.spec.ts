import { AccessDeniedError } from '@tessera/contracts';
import type { FastifyRequest } from 'fastify';
import { BrowserCookies, parseCookies, serializeCookie } from './browser-cookies';
import { clientRedirectUrl } from './next-step.reply';
import { checkSameOrigin } from './origin-check';
import { cspSourceFor, pageCsp } from './page-security';

const request = (headers: Record<string, string>) => ({ headers }) as unknown as FastifyRequest;

describe('pageCsp', () => {
  it('allows nothing but our stylesheet, https images and forms to ourselves, and no framing', () => {
    expect(pageCsp()).toBe(
      "default-src 'none'; style-src 'self'; img-src 'self' https: data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    );
  });

  it('adds the client redirect origin as a form target and script hashes', () => {
    expect(
      pageCsp({
        formTargets: ['http://127.0.0.1:8080/cb?x=1', 'http://127.0.0.1:8080/other'],
        scriptHashes: ["'sha256-x'"],
      }),
    ).toBe(
      "default-src 'none'; script-src 'sha256-x'; style-src 'self'; img-src 'self' https: data:; form-action 'self' http://127.0.0.1:8080; frame-ancestors 'none'; base-uri 'none'",
    );
  });

  it('turns a private-use scheme into a scheme source and drops anything malformed', () => {
    expect(cspSourceFor('com.example.app:/callback')).toEqual(['com.example.app:']);
    expect(cspSourceFor('https://app.example/cb')).toEqual(['https://app.example']);
    expect(cspSourceFor('not a url')).toEqual([]);
  });
});

describe('checkSameOrigin', () => {
  const issuer = 'https://id.example.com';

  it('accepts the issuer origin, or no Origin with a Referer from the issuer', () => {
    expect(() => checkSameOrigin(request({ origin: 'https://id.example.com' }), issuer)).not.toThrow();
    expect(() => checkSameOrigin(request({ referer: 'https://id.example.com/sign-in?x' }), issuer)).not.toThrow();
  });

  it.each([
    [{ origin: 'https://evil.example' }],
    [{ origin: 'null' }],
    [{ origin: 'https://id.example.com.evil.example' }],
    [{}],
    [{ referer: 'https://id.example.com.evil.example/' }],
  ])('refuses %j', (headers) => {
    expect(() => checkSameOrigin(request(headers), issuer)).toThrow(AccessDeniedError);
  });
});

describe('cookies', () => {
  it('parses a Cookie header, first occurrence winning', () => {
    expect(parseCookies('a=1; tessera_session=abc; a=2; junk; b="q"')).toEqual(
      new Map([
        ['a', '1'],
        ['tessera_session', 'abc'],
        ['b', 'q'],
      ]),
    );
  });

  it('serializes HttpOnly, SameSite=Lax, host-only cookies, Secure behind https', () => {
    expect(serializeCookie('tessera_session', 'v', 60, true)).toBe(
      'tessera_session=v; Path=/; Max-Age=60; HttpOnly; SameSite=Lax; Secure',
    );
    expect(serializeCookie('tessera_csrf', 'v', 60, false)).toBe(
      'tessera_csrf=v; Path=/; Max-Age=60; HttpOnly; SameSite=Lax',
    );
  });

  it('keeps a well-formed binding cookie and replaces a malformed one', () => {
    const binding = 'b'.repeat(43);
    expect(new BrowserCookies(request({ cookie: `tessera_csrf=${binding}` }), 'http://x').identity).toEqual({
      browserBinding: binding,
    });
    const replaced = new BrowserCookies(request({ cookie: 'tessera_csrf=short; tessera_session=s' }), 'http://x');
    expect(replaced.identity.browserBinding).toMatch(/^[\w-]{43}$/);
    expect(replaced.identity.sessionToken).toBe('s');
  });
});

describe('clientRedirectUrl', () => {
  it('adds the response to the redirect URI, keeping its own query', () => {
    expect(clientRedirectUrl('https://app/cb', { code: 'a b', iss: 'https://id' })).toBe(
      'https://app/cb?code=a+b&iss=https%3A%2F%2Fid',
    );
    expect(clientRedirectUrl('https://app/cb?tenant=x%20y', { code: 'c' })).toBe('https://app/cb?tenant=x%20y&code=c');
    expect(clientRedirectUrl('https://app/cb?', { code: 'c' })).toBe('https://app/cb?code=c');
  });
});
