import { signInNeeded } from './login-decision';

const now = 1_700_000_000;
const session = { userId: 'user_1', authTime: now - 600 };

describe('signInNeeded', () => {
  it('asks without a session', () => {
    expect(signInNeeded({ prompt: [] }, undefined, undefined, now)).toBe(true);
  });

  it('reuses a session when nothing asks for more', () => {
    expect(signInNeeded({ prompt: [] }, session, undefined, now)).toBe(false);
    expect(signInNeeded({ prompt: ['consent'] }, session, undefined, now)).toBe(false);
    expect(signInNeeded({ prompt: ['none'] }, session, 'user_1', now)).toBe(false);
  });

  it('asks again with prompt=login', () => {
    expect(signInNeeded({ prompt: ['login'] }, session, undefined, now)).toBe(true);
  });

  it('asks again when the authentication is older than max_age (max_age=0 always)', () => {
    expect(signInNeeded({ prompt: [], maxAge: 601 }, session, undefined, now)).toBe(false);
    expect(signInNeeded({ prompt: [], maxAge: 600 }, session, undefined, now)).toBe(true);
    expect(signInNeeded({ prompt: [], maxAge: 0 }, { ...session, authTime: now }, undefined, now)).toBe(true);
  });

  it('asks when id_token_hint names someone else', () => {
    expect(signInNeeded({ prompt: ['none'] }, session, 'user_2', now)).toBe(true);
  });
});
