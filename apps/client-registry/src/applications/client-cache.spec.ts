import { ClientCache, type CachedClient } from './client-cache';

const client = (clientId: string): CachedClient => ({
  secretHash: null,
  view: {
    id: `oa_${clientId}`,
    clientId,
    name: clientId,
    public: false,
    scopes: ['openid'],
    redirectUris: [],
    consentScreenEnabled: true,
    pkceRequired: false,
    dynamicallyRegistered: false,
    accessTokenFormat: 'jwt',
    logoUri: null,
    clientUri: null,
  },
});

describe('ClientCache', () => {
  it('serves an entry until it expires', () => {
    let now = 1_000;
    const cache = new ClientCache(5_000, () => now);
    cache.set(client('a'));
    expect(cache.get('a')).toEqual(client('a'));
    now += 4_999;
    expect(cache.get('a')).toEqual(client('a'));
    now += 1;
    expect(cache.get('a')).toBeUndefined();
  });

  it('forgets an invalidated entry at once', () => {
    const cache = new ClientCache();
    cache.set(client('a'));
    cache.invalidate('a');
    expect(cache.get('a')).toBeUndefined();
  });

  it('caches nothing with a zero TTL', () => {
    const cache = new ClientCache(0);
    cache.set(client('a'));
    expect(cache.get('a')).toBeUndefined();
  });
});
