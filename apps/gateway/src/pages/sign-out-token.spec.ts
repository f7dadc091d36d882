import { AccessDeniedError } from '@tessera/contracts';
import { randomToken } from '@tessera/crypto';
import { checkSignOutToken, signOutToken } from './sign-out-token';

describe('the sign-out form token', () => {
  const session = randomToken(32);

  it('is the same for one session every time, and another for another session', () => {
    expect(signOutToken(session)).toBe(signOutToken(session));
    expect(signOutToken(session)).toMatch(/^[\w-]{43}$/);
    expect(signOutToken(randomToken(32))).not.toBe(signOutToken(session));
    expect(signOutToken(session)).not.toContain(session);
  });

  it("accepts the session's own token only", () => {
    expect(() => checkSignOutToken(session, signOutToken(session))).not.toThrow();
    for (const presented of ['', 'forged', session, signOutToken(randomToken(32))]) {
      expect(() => checkSignOutToken(session, presented)).toThrow(AccessDeniedError);
    }
  });
});
