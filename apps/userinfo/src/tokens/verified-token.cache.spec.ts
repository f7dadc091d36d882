import type { ActiveToken } from '@tessera/contracts';
import { VerifiedTokenCache } from './verified-token.cache';

const NOW_S = 1_700_000_000;
const active = (expiresAt: number): ActiveToken => ({
  active: true,
  tokenType: 'access_token',
  format: 'jwt',
  grantId: 'grant_1',
  clientId: 'client_1',
  userId: 'user_ada',
  scopes: ['openid'],
  organizationId: null,
  audience: [],
  issuer: 'https://id.example.com',
  issuedAt: NOW_S,
  expiresAt,
  jti: 'oat_1',
});

describe('VerifiedTokenCache', () => {
  let now: number;
  beforeEach(() => {
    now = NOW_S * 1000;
  });

  it('remembers a verified token for at most a minute', () => {
    const cache = new VerifiedTokenCache(() => now);
    cache.remember('token', active(NOW_S + 86_400));
    now += 59_999;
    expect(cache.get('token')).toMatchObject({ grantId: 'grant_1' });
    now += 1;
    expect(cache.get('token')).toBeUndefined();
  });

  it('never serves a token past its exp', () => {
    const cache = new VerifiedTokenCache(() => now);
    cache.remember('token', active(NOW_S + 10));
    now += 9_999;
    expect(cache.get('token')).toBeDefined();
    now += 1;
    expect(cache.get('token')).toBeUndefined();
  });

  it('does not remember an already expired token', () => {
    const cache = new VerifiedTokenCache(() => now);
    cache.remember('token', active(NOW_S));
    expect(cache.get('token')).toBeUndefined();
  });

  it('answers only the very token it verified, not another that ends the same way', () => {
    const cache = new VerifiedTokenCache(() => now);
    const signature = 'S'.repeat(342);
    const token = `eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyX2FkYSJ9.${signature}`;
    cache.remember(token, active(NOW_S + 3600));
    expect(cache.get(token)).toMatchObject({ userId: 'user_ada' });
    expect(cache.get(`eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1c2VyX2V2ZSJ9.${signature}`)).toBeUndefined();
    expect(cache.get(signature)).toBeUndefined();
    expect(cache.get(token.slice(1))).toBeUndefined();
  });
});
