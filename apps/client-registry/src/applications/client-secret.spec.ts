import { clientSecretMatches, hashClientSecret, newApplicationId, newClientId, newClientSecret } from './client-secret';

describe('client identifiers and secrets', () => {
  it('makes ids of the documented shapes, different every time', () => {
    expect(newApplicationId()).toMatch(/^oa_[0-9a-f]{32}$/);
    expect(newClientId()).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(newClientSecret()).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(newClientId()).not.toBe(newClientId());
    expect(newClientSecret()).not.toBe(newClientSecret());
  });

  it('stores a hash, never the secret', () => {
    const secret = newClientSecret();
    const hash = hashClientSecret(secret);
    expect(hash).not.toContain(secret);
    expect(hash).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('matches only the right secret', () => {
    const secret = newClientSecret();
    const hash = hashClientSecret(secret);
    expect(clientSecretMatches(secret, hash)).toBe(true);
    expect(clientSecretMatches(`${secret}x`, hash)).toBe(false);
    expect(clientSecretMatches(secret.toUpperCase(), hash)).toBe(false);
    expect(clientSecretMatches(undefined, hash)).toBe(false);
    expect(clientSecretMatches('', hashClientSecret(''))).toBe(false);
    expect(clientSecretMatches(secret, null)).toBe(false);
  });
});
