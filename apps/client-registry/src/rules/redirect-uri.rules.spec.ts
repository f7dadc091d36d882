import { findMatchingRedirectUri, redirectUriMatches, redirectUriProblem } from './redirect-uri.rules';

describe('redirectUriProblem', () => {
  it.each([
    'https://app.example.com/callback',
    'https://app.example.com:8443/cb?tenant=a',
    'http://127.0.0.1/callback',
    'http://127.0.0.1:8080/callback',
    'http://[::1]:51004/cb',
    'http://localhost:3000/api/auth/callback',
    'com.example.app:/oauth2redirect',
    'com.example.app://callback',
    'myapp://callback',
  ])('allows %s', (uri) => {
    expect(redirectUriProblem(uri)).toBeUndefined();
  });

  it.each([
    ['', 'it is empty'],
    ['/callback', 'it is not an absolute URI'],
    ['app.example.com/callback', 'it is not an absolute URI'],
    ['https://app.example.com/cb#section', 'it must not contain a fragment'],
    ['https://app.example.com/cb#', 'it must not contain a fragment'],
    [
      'http://app.example.com/callback',
      'http is only allowed for loopback hosts (127.0.0.1, [::1], localhost); use https',
    ],
    ['http://127.0.0.2/callback', 'http is only allowed for loopback hosts (127.0.0.1, [::1], localhost); use https'],
    ['http://127.1/callback', 'http is only allowed for loopback hosts (127.0.0.1, [::1], localhost); use https'],
    ['https://user:pass@app.example.com/cb', 'it must not contain user credentials'],
    ['http://user@127.0.0.1/cb', 'it must not contain user credentials'],
    ['https:///callback', 'it has no host'],
    ['https:callback', 'it has no host'],
    ['https://exa mple.com/cb', 'it contains whitespace or control characters'],
    ['https://example.com/cb\n', 'it contains whitespace or control characters'],
    ['javascript:alert(1)', 'the "javascript" scheme is not allowed'],
    ['JavaScript:alert(1)', 'the "javascript" scheme is not allowed'],
    ['data:text/html,hi', 'the "data" scheme is not allowed'],
    ['file:///etc/passwd', 'the "file" scheme is not allowed'],
    ['https://[::1', 'it is not a valid URI'],
  ])('refuses %j: %s', (uri, problem) => {
    expect(redirectUriProblem(uri)).toBe(problem);
  });
});

describe('redirectUriMatches', () => {
  it('matches identical strings only, without normalisation (RFC 6749 §3.1.2.3)', () => {
    expect(redirectUriMatches('https://app.example.com/cb', 'https://app.example.com/cb')).toBe(true);
    expect(redirectUriMatches('https://app.example.com/cb', 'https://app.example.com/cb/')).toBe(false);
    expect(redirectUriMatches('https://app.example.com/cb', 'https://APP.example.com/cb')).toBe(false);
    expect(redirectUriMatches('https://app.example.com/cb', 'https://app.example.com:443/cb')).toBe(false);
    expect(redirectUriMatches('https://app.example.com/cb', 'https://app.example.com/cb?x=1')).toBe(false);
    expect(redirectUriMatches('https://app.example.com/cb', 'https://app.example.com/%63b')).toBe(false);
  });

  it('lets any port match for loopback IP literals (RFC 8252 §7.3)', () => {
    expect(redirectUriMatches('http://127.0.0.1/callback', 'http://127.0.0.1:51004/callback')).toBe(true);
    expect(redirectUriMatches('http://127.0.0.1:8080/callback', 'http://127.0.0.1:9090/callback')).toBe(true);
    expect(redirectUriMatches('http://127.0.0.1:8080/callback', 'http://127.0.0.1/callback')).toBe(true);
    expect(redirectUriMatches('http://[::1]/cb', 'http://[::1]:6000/cb')).toBe(true);
    expect(redirectUriMatches('http://127.0.0.1:8080/cb?a=1', 'http://127.0.0.1:1/cb?a=1')).toBe(true);
  });

  it('still compares everything but the port for loopback IP literals', () => {
    expect(redirectUriMatches('http://127.0.0.1/callback', 'http://127.0.0.1:5000/other')).toBe(false);
    expect(redirectUriMatches('http://127.0.0.1/callback', 'http://127.0.0.1:5000/callback?x')).toBe(false);
    expect(redirectUriMatches('http://127.0.0.1/callback', 'https://127.0.0.1:5000/callback')).toBe(false);
    expect(redirectUriMatches('http://127.0.0.1/callback', 'http://[::1]:5000/callback')).toBe(false);
    expect(redirectUriMatches('http://127.0.0.1/callback', 'http://127.0.0.1:abc/callback')).toBe(false);
    expect(redirectUriMatches('http://127.0.0.1/callback', 'http://127.0.0.1:5000@evil.example/callback')).toBe(false);
    expect(redirectUriMatches('http://127.0.0.1/callback', 'http://127.0.0.1:5000/callback#x')).toBe(false);
  });

  it('does not extend any-port matching to localhost or other hosts', () => {
    expect(redirectUriMatches('http://localhost:3000/cb', 'http://localhost:3001/cb')).toBe(false);
    expect(redirectUriMatches('https://app.example.com:8443/cb', 'https://app.example.com:9443/cb')).toBe(false);
  });
});

describe('findMatchingRedirectUri', () => {
  it('returns the registered URI that matches', () => {
    const registered = ['https://a.example/cb', 'http://127.0.0.1/cb'];
    expect(findMatchingRedirectUri(registered, 'http://127.0.0.1:7777/cb')).toBe('http://127.0.0.1/cb');
    expect(findMatchingRedirectUri(registered, 'https://a.example/cb')).toBe('https://a.example/cb');
    expect(findMatchingRedirectUri(registered, 'https://b.example/cb')).toBeUndefined();
  });
});
