import { e2e } from '../support/e2e-env';
import { createApp, type TestApp } from '../token/token-fixtures';
import { framingProblems } from './support/answer-checks';
import { ownLoopbackAddress, send } from './support/http-client';
import { authorizePath } from './support/loopback-browser';

/*
 * RFC 9700 §2.1 and §4.1.3: the authorization server compares a requested redirect_uri with the registered ones by
 * exact string matching (RFC 6749 §3.1.2.3), with the single exception of the port of a loopback IP literal
 * (RFC 8252 §7.3). Every near miss is an error page — never a redirect, so a code or an error never reaches an
 * address the client did not register.
 */

const REGISTERED = 'https://rp.example.com/callback';
const SOURCE = ownLoopbackAddress();

describe('RFC 9700 §4.1: exact redirect URI matching', () => {
  let app: TestApp;
  let loopbackApp: TestApp;

  beforeAll(async () => {
    app = await createApp({ redirect_uris: [REGISTERED] });
    loopbackApp = await createApp({ redirect_uris: ['http://127.0.0.1:8123/callback'] });
  });

  const authorize = (clientId: string, redirectUri: string) =>
    send({ path: authorizePath({ client_id: clientId, redirect_uri: redirectUri }), sourceAddress: SOURCE });

  /** An error page naming invalid_request, with no Location and nothing of the requested URI in it. */
  async function expectRefused(clientId: string, redirectUri: string) {
    const answer = await authorize(clientId, redirectUri);
    expect(answer.status).toBe(400);
    expect(answer.headers.location).toBeUndefined();
    expect(answer.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(answer.text).toContain('<code>invalid_request</code>');
    expect(answer.text).toContain('does not match any of the client&#39;s pre-registered redirect URIs');
    expect(answer.text).not.toContain('evil');
    expect(framingProblems(answer)).toEqual([]);
  }

  it('accepts the registered URI itself (the control case)', async () => {
    const answer = await authorize(app.clientId, REGISTERED);
    expect(answer.status).toBe(303);
    expect(answer.headers.location).toMatch(new RegExp(`^${e2e.issuer}/sign-in\\?interaction=`));
  });

  it.each([
    ['one character changed in the path', 'https://rp.example.com/callbacK'],
    ['one character removed from the path', 'https://rp.example.com/callbac'],
    ['one character added to the path', 'https://rp.example.com/callbacks'],
    ['one character changed in the host', 'https://rp.example.co/callback'],
    ['a hyphen for a dot in the host', 'https://rp-example.com/callback'],
    ['a suffix on the host', 'https://rp.example.com.evil.example/callback'],
    ['a trailing dot on the host', 'https://rp.example.com./callback'],
    ['an extra path segment', 'https://rp.example.com/callback/evil'],
    ['a dot-dot segment', 'https://rp.example.com/callback/../evil'],
    ['a prefix path segment', 'https://rp.example.com/evil/callback'],
    ['an added query', 'https://rp.example.com/callback?next=https://evil.example'],
    ['an empty query', 'https://rp.example.com/callback?'],
    ['a fragment', 'https://rp.example.com/callback#evil'],
    ['an empty fragment', 'https://rp.example.com/callback#'],
    ['userinfo pointing at another host', 'https://rp.example.com@evil.example/callback'],
    ['userinfo with a port pointing at another host', 'https://rp.example.com:443@evil.example/callback'],
    ['userinfo before the registered host', 'https://evil@rp.example.com/callback'],
    ['a backslash before another host', 'https://rp.example.com\\@evil.example/callback'],
    ['an upper-case host', 'https://RP.example.com/callback'],
    ['an upper-case path', 'https://rp.example.com/Callback'],
    ['an upper-case scheme', 'HTTPS://rp.example.com/callback'],
    ['a trailing slash', 'https://rp.example.com/callback/'],
    ['a percent-encoded path character', 'https://rp.example.com/%63allback'],
    ['a percent-encoded slash', 'https://rp.example.com%2Fcallback'],
    ['a percent-encoded dot in the host', 'https://rp%2Eexample.com/callback'],
    ['lower-case percent-encoding of an unreserved character', 'https://rp.example.com/call%62ack'],
    ['the default port made explicit', 'https://rp.example.com:443/callback'],
    ['another port', 'https://rp.example.com:8443/callback'],
    ['http instead of https', 'http://rp.example.com/callback'],
    ['a leading space', ' https://rp.example.com/callback'],
    ['a trailing space', 'https://rp.example.com/callback '],
    ['a tab inside', 'https://rp.example.com/call\tback'],
    ['a scheme-relative URI', '//rp.example.com/callback'],
    ['a javascript: URI', 'javascript:alert(document.domain)//https://rp.example.com/callback'],
    ['an IDN look-alike host (Cyrillic р)', 'https://\u0440p.example.com/callback'],
  ])('never redirects to %s', async (_, variant) => {
    await expectRefused(app.clientId, variant);
  });

  it('accepts another port for a registered loopback IP literal (RFC 8252 §7.3), and nothing else', async () => {
    const answer = await authorize(loopbackApp.clientId, 'http://127.0.0.1:49152/callback');
    expect(answer.status).toBe(303);
    expect(answer.headers.location).toMatch(new RegExp(`^${e2e.issuer}/sign-in\\?interaction=`));
    for (const variant of [
      'http://localhost:8123/callback',
      'http://127.0.0.2:8123/callback',
      'https://127.0.0.1:8123/callback',
      'http://127.0.0.1:8123/callback/evil',
      'http://127.0.0.1:8123@evil.example/callback',
      'http://127.0.0.1:8123/callback?x=1',
      'http://127.0.0.1:80x/callback',
      'http://[::1]:8123/callback',
    ]) {
      await expectRefused(loopbackApp.clientId, variant);
    }
  });

  it('never redirects to the redirect URI of another client', async () => {
    await expectRefused(app.clientId, 'http://127.0.0.1:8123/callback');
  });
});
