import { issuesRefreshToken } from './refresh-token-rule';

describe('issuesRefreshToken', () => {
  it.each([
    [['openid', 'offline_access'], true, true],
    [['openid', 'offline_access'], false, true],
    [['openid', 'profile'], false, true],
    [['openid', 'profile'], true, false],
    [[], true, false],
  ])('scopes %j, public %s → %s', (scopes, isPublic, expected) => {
    expect(issuesRefreshToken(scopes, { public: isPublic })).toBe(expected);
  });
});
