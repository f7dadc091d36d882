import type { AuthorizationCheck, ClientView } from '@tessera/contracts';
import { RememberedChecks } from './remembered-checks';

const view = { clientId: 'app' } as ClientView;
const answer = (redirectUri: string, scopes: string[]): AuthorizationCheck => ({ client: view, redirectUri, scopes });

describe('RememberedChecks', () => {
  let now: number;
  let checks: RememberedChecks;
  beforeEach(() => {
    now = 1_000_000;
    checks = new RememberedChecks(5_000, () => now);
  });

  const question = { clientId: 'app', redirectUri: 'https://app.example/cb', scope: 'openid' };
  const remembered = (ask = question) => {
    const given = answer(ask.redirectUri ?? 'https://app.example/cb', (ask.scope ?? 'profile email').split(' '));
    checks.remember(ask, given, checks.ticket());
    return given;
  };

  it('answers the very same question only', () => {
    const given = remembered();
    expect(checks.recall({ ...question })).toBe(given);
    expect(checks.recall({ ...question, scope: 'openid email' })).toBeUndefined();
    expect(checks.recall({ ...question, redirectUri: 'https://app.example/other' })).toBeUndefined();
    expect(checks.recall({ ...question, clientId: 'other' })).toBeUndefined();
  });

  it('keeps an absent scope or redirect_uri apart from an empty one', () => {
    const absent = remembered({ clientId: 'app' } as typeof question);
    expect(checks.recall({ clientId: 'app' } as typeof question)).toBe(absent);
    expect(checks.recall({ clientId: 'app', scope: '' } as typeof question)).toBeUndefined();
    expect(checks.recall({ clientId: 'app', redirectUri: '' } as typeof question)).toBeUndefined();
  });

  it('forgets all of a client’s answers together, the TTL after the first', () => {
    remembered();
    now += 4_000;
    const later = remembered({ ...question, scope: 'email' });
    expect(checks.recall({ ...question, scope: 'email' })).toBe(later);
    now += 1_000;
    expect(checks.recall(question)).toBeUndefined();
    expect(checks.recall({ ...question, scope: 'email' })).toBeUndefined();
  });

  it('forgets one client on a change, and not the others', () => {
    remembered();
    const other = remembered({ ...question, clientId: 'other' });
    checks.forget('app');
    expect(checks.recall(question)).toBeUndefined();
    expect(checks.recall({ ...question, clientId: 'other' })).toBe(other);
  });

  it('drops an answer that was asked for before a change arrived (it may describe the client as it was)', () => {
    const ticket = checks.ticket();
    checks.forget('app');
    checks.remember(question, answer('https://app.example/cb', ['openid']), ticket);
    expect(checks.recall(question)).toBeUndefined();
  });

  it('remembers a bounded number of questions per client', () => {
    for (let i = 0; i < 20; i += 1) remembered({ ...question, scope: `scope-${i}` });
    expect(checks.recall({ ...question, scope: 'scope-15' })).toBeDefined();
    expect(checks.recall({ ...question, scope: 'scope-16' })).toBeUndefined();
  });
});
