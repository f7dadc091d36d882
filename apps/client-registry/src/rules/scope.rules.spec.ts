import { parseClientScopes, parseScope, unknownScopes } from './scope.rules';

describe('parseScope (RFC 6749 §3.3)', () => {
  it('splits on spaces, keeps order and drops repeats', () => {
    expect(parseScope('openid profile email profile')).toEqual({ scopes: ['openid', 'profile', 'email'] });
  });

  it('tolerates extra spaces and yields nothing for an empty string', () => {
    expect(parseScope('  openid   email ')).toEqual({ scopes: ['openid', 'email'] });
    expect(parseScope('')).toEqual({ scopes: [] });
    expect(parseScope('   ')).toEqual({ scopes: [] });
  });

  it('keeps scopes case-sensitive and accepts the whole scope-token alphabet', () => {
    expect(parseScope('OpenID user:org:read a!#[]^~')).toEqual({ scopes: ['OpenID', 'user:org:read', 'a!#[]^~'] });
  });

  it.each([
    ['openid\temail', '"openid\\u0009email" is not a valid scope'],
    ['openid "email"', '"\\u0022email\\u0022" is not a valid scope'],
    ['back\\slash', '"back\\u005cslash" is not a valid scope'],
    ['caf\u00e9', '"caf\u00e9" is not a valid scope'],
  ])('refuses %j', (value, problem) => {
    expect(parseScope(value)).toEqual({ problem });
  });
});

describe('unknownScopes', () => {
  it('lists the scopes a client may not hold', () => {
    expect(unknownScopes(['openid', 'admin', 'email', 'Profile'])).toEqual(['admin', 'Profile']);
    expect(unknownScopes([])).toEqual([]);
  });
});

describe('parseClientScopes', () => {
  it('accepts every supported scope', () => {
    const all = 'openid profile email public_metadata private_metadata offline_access user:org:read';
    expect(parseClientScopes(all)).toEqual({ scopes: all.split(' ') });
  });

  it('names unknown scopes', () => {
    expect(parseClientScopes('openid admin')).toEqual({ problem: 'unknown scope: admin' });
    expect(parseClientScopes('read write email')).toEqual({ problem: 'unknown scopes: read, write' });
  });

  it('reports malformed input before unknown scopes', () => {
    expect(parseClientScopes('admin\temail')).toEqual({ problem: '"admin\\u0009email" is not a valid scope' });
  });
});
