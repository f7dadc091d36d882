import type { Grant } from '../grants/grant';
import { REFRESH_TOKEN_HINT_LIMIT, RefreshTokenHints } from './refresh-token-hints';

const grant = (id: string): Grant => ({
  id,
  clientId: 'client_a',
  userId: 'user_a',
  scopes: ['openid', 'offline_access'],
  organizationId: null,
  resources: [],
  consentId: null,
  authTime: 1_700_000_000,
});

describe('RefreshTokenHints', () => {
  let now: number;
  const hints = () => new RefreshTokenHints(60_000, () => now);

  it('answers a remembered token’s grant once: a token is rotated once', () => {
    const memory = hints();
    now = 1_000;
    memory.remember('hash_a', grant('grant_a'));
    now = 2_000;
    expect(memory.take('hash_a')).toEqual(grant('grant_a'));
    expect(memory.take('hash_a')).toBeUndefined();
    expect(memory.take('hash_unknown')).toBeUndefined();
  });

  it('answers nothing for a token past its lifetime by this clock, and forgets it', () => {
    const memory = hints();
    now = 1_000;
    memory.remember('hash_a', grant('grant_a'));
    now = 1_000 + 60_000;
    expect(memory.take('hash_a')).toBeUndefined();
    expect(memory.size).toBe(0);
  });

  it('forgets the oldest hints first once it holds its limit', () => {
    const memory = hints();
    now = 0;
    for (let i = 0; i <= REFRESH_TOKEN_HINT_LIMIT; i++) memory.remember(`hash_${i}`, grant(`grant_${i}`));
    expect(memory.size).toBe(REFRESH_TOKEN_HINT_LIMIT);
    now = 1;
    expect(memory.take('hash_0')).toBeUndefined();
    expect(memory.take('hash_1')).toEqual(grant('grant_1'));
    expect(memory.take(`hash_${REFRESH_TOKEN_HINT_LIMIT}`)).toEqual(grant(`grant_${REFRESH_TOKEN_HINT_LIMIT}`));
  });
});
