import { announcesGrant, consentPageNeeded, organizationWithoutPage } from './consent-decision';

const regular = { consentScreenEnabled: true, dynamicallyRegistered: false };
const noConsentScreen = { consentScreenEnabled: false, dynamicallyRegistered: false };
const dynamic = { consentScreenEnabled: false, dynamicallyRegistered: true };

describe('consentPageNeeded', () => {
  const ask = (scopes: string[], prompt: Array<'none' | 'login' | 'consent'> = []) => ({ scopes, prompt });

  it('asks when nothing is remembered', () => {
    expect(consentPageNeeded(regular, ask(['profile']), undefined)).toBe(true);
  });

  it('skips for the same or fewer scopes than remembered', () => {
    expect(consentPageNeeded(regular, ask(['profile', 'email']), ['email', 'profile'])).toBe(false);
    expect(consentPageNeeded(regular, ask(['email']), ['email', 'profile'])).toBe(false);
  });

  it('asks for more scopes than remembered', () => {
    expect(consentPageNeeded(regular, ask(['email', 'private_metadata']), ['email', 'profile'])).toBe(true);
  });

  it('always asks with prompt=consent', () => {
    expect(consentPageNeeded(regular, ask(['email'], ['consent']), ['email'])).toBe(true);
    expect(consentPageNeeded(noConsentScreen, ask(['email'], ['consent']), undefined)).toBe(true);
  });

  it('skips for clients with the consent screen disabled, never for dynamically registered ones', () => {
    expect(consentPageNeeded(noConsentScreen, ask(['email']), undefined)).toBe(false);
    expect(consentPageNeeded(dynamic, ask(['email']), undefined)).toBe(true);
    expect(consentPageNeeded(dynamic, ask(['email']), ['email'])).toBe(false);
  });
});

describe('organizationWithoutPage', () => {
  const orgs = [{ id: 'org_a' }, { id: 'org_b' }];

  it('binds none unless user:org:read was asked for', () => {
    expect(organizationWithoutPage(['profile'], 'org_b', orgs)).toBeUndefined();
  });

  it('keeps the remembered organization while the user is a member', () => {
    expect(organizationWithoutPage(['user:org:read'], 'org_b', orgs)).toBe('org_b');
  });

  it('falls back to the first organization, or none', () => {
    expect(organizationWithoutPage(['user:org:read'], 'org_gone', orgs)).toBe('org_a');
    expect(organizationWithoutPage(['user:org:read'], null, orgs)).toBe('org_a');
    expect(organizationWithoutPage(['user:org:read'], null, [])).toBeUndefined();
  });
});

describe('announcesGrant', () => {
  it('announces every Allow on the consent page, even for scopes granted before', () => {
    expect(announcesGrant({ kind: 'page' }, ['email'])).toBe(true);
  });

  it('announces a grant without a page only when it adds scopes', () => {
    expect(announcesGrant({ kind: 'without_page', rememberedScopes: undefined }, ['email'])).toBe(true);
    expect(announcesGrant({ kind: 'without_page', rememberedScopes: ['email'] }, ['email', 'profile'])).toBe(true);
    expect(announcesGrant({ kind: 'without_page', rememberedScopes: ['profile', 'email'] }, ['email'])).toBe(false);
  });
});
