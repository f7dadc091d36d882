import { InvalidScopeError } from '@tessera/contracts';
import { checkRefreshScope } from './check-refresh-scope';

const granted = ['openid', 'profile', 'email', 'offline_access'];
const clientScopes = [...granted, 'public_metadata'];

describe('checkRefreshScope (RFC 6749 §6)', () => {
  it('keeps the original scope when none is requested', () => {
    expect(checkRefreshScope(granted, undefined, clientScopes)).toEqual(granted);
  });

  it('narrows to the requested scopes, in the grant order, without duplicates', () => {
    expect(checkRefreshScope(granted, ['email', 'openid', 'email'], clientScopes)).toEqual(['openid', 'email']);
  });

  it('refuses to widen the grant', () => {
    expect(() => checkRefreshScope(granted, ['openid', 'public_metadata'], clientScopes)).toThrow(
      new InvalidScopeError('The requested scope "public_metadata" was not part of the original grant'),
    );
  });

  it('refuses a granted scope the client no longer holds', () => {
    expect(() => checkRefreshScope(granted, undefined, ['openid', 'profile', 'offline_access'])).toThrow(
      new InvalidScopeError('The client is no longer allowed the scope "email"'),
    );
  });
});
