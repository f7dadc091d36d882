import type { UserProfile } from '@tessera/contracts';
import { REMEMBERED_PROFILE_TTL_MS, RememberedProfiles } from './remembered-profiles';

const profile = (userId: string, firstName = 'Ada') => ({ userId, firstName }) as unknown as UserProfile;

describe('RememberedProfiles', () => {
  let now: number;
  let memory: RememberedProfiles;

  beforeEach(() => {
    now = 1_000_000;
    memory = new RememberedProfiles(REMEMBERED_PROFILE_TTL_MS, () => now);
  });

  it('answers a remembered profile per user and organization, and a remembered absence as null', () => {
    memory.remember('user_a', null, profile('user_a'), memory.ticket());
    memory.remember('user_a', 'org_1', profile('user_a', 'Org Ada'), memory.ticket());
    memory.remember('user_gone', null, null, memory.ticket());
    expect(memory.recall('user_a', null)).toEqual({ profile: profile('user_a') });
    expect(memory.recall('user_a', 'org_1')).toEqual({ profile: profile('user_a', 'Org Ada') });
    expect(memory.recall('user_a', 'org_2')).toBeUndefined();
    expect(memory.recall('user_gone', null)).toEqual({ profile: null });
    expect(memory.recall('user_b', null)).toBeUndefined();
  });

  it('forgets a user’s profiles when told, and only theirs', () => {
    memory.remember('user_a', null, profile('user_a'), memory.ticket());
    memory.remember('user_a', 'org_1', profile('user_a'), memory.ticket());
    memory.remember('user_b', null, profile('user_b'), memory.ticket());
    memory.forgetUser('user_a');
    expect(memory.recall('user_a', null)).toBeUndefined();
    expect(memory.recall('user_a', 'org_1')).toBeUndefined();
    expect(memory.recall('user_b', null)).toEqual({ profile: profile('user_b') });
    memory.forgetAll();
    expect(memory.recall('user_b', null)).toBeUndefined();
  });

  it('does not remember a profile read before a forget: it may describe the user as they were', () => {
    const ticket = memory.ticket();
    memory.forgetUser('user_other');
    memory.remember('user_a', null, profile('user_a'), ticket);
    expect(memory.recall('user_a', null)).toBeUndefined();
  });

  it('forgets every profile of a user once the first of them is REMEMBERED_PROFILE_TTL_MS old', () => {
    memory.remember('user_a', null, profile('user_a'), memory.ticket());
    now += REMEMBERED_PROFILE_TTL_MS - 1;
    memory.remember('user_a', 'org_1', profile('user_a'), memory.ticket());
    expect(memory.recall('user_a', 'org_1')).toBeDefined();
    now += 1;
    expect(memory.recall('user_a', null)).toBeUndefined();
    expect(memory.recall('user_a', 'org_1')).toBeUndefined();
  });

  it('remembers at most 16 organizations per user', () => {
    for (let i = 0; i < 20; i++) memory.remember('user_a', `org_${i}`, profile('user_a'), memory.ticket());
    expect(memory.recall('user_a', 'org_15')).toBeDefined();
    expect(memory.recall('user_a', 'org_16')).toBeUndefined();
  });
});
