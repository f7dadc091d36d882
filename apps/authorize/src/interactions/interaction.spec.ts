import type { AuthorizeRequest } from '../authorize-request/authorize-request';
import {
  createInteraction,
  deny,
  grantConsent,
  InteractionTransitionError,
  issueCode,
  signIn,
  type ClientSnapshot,
  type Interaction,
} from './interaction';

const request: AuthorizeRequest = {
  clientId: 'client-1',
  redirectUri: 'https://app.example/callback',
  responseMode: 'query',
  scopes: ['openid', 'profile', 'email'],
  prompt: [],
};
const client: ClientSnapshot = {
  clientId: 'client-1',
  name: 'Example',
  logoUri: null,
  clientUri: null,
  consentScreenEnabled: true,
  dynamicallyRegistered: false,
};
const user = { userId: 'user_1', authTime: 1_700_000_000 };
const consent = { consentId: 'cns_1', scopes: ['openid', 'profile'] };

const created = () =>
  createInteraction(
    { id: 'int-1', purpose: { kind: 'authorize', request, client }, browserBindingHash: 'hash' },
    1_700_000_000,
  );

describe('the interaction state machine', () => {
  it('walks created → signed_in → consented → code_issued, keeping what each step learned', () => {
    const issued = issueCode(grantConsent(signIn(created(), user), consent));
    expect(issued).toMatchObject({ id: 'int-1', state: 'code_issued', user, consent, browserBindingHash: 'hash' });
  });

  it('lets a signed-in user deny', () => {
    expect(deny(signIn(created(), user))).toMatchObject({ state: 'denied', user });
  });

  const states: Record<Interaction['state'], () => Interaction> = {
    created,
    signed_in: () => signIn(created(), user),
    consented: () => grantConsent(signIn(created(), user), consent),
    code_issued: () => issueCode(grantConsent(signIn(created(), user), consent)),
    denied: () => deny(signIn(created(), user)),
  };
  const transitions = {
    signIn: { allowedFrom: ['created'], run: (i: Interaction) => signIn(i, user) },
    grantConsent: { allowedFrom: ['signed_in'], run: (i: Interaction) => grantConsent(i, consent) },
    issueCode: { allowedFrom: ['consented'], run: (i: Interaction) => issueCode(i) },
    deny: { allowedFrom: ['signed_in'], run: (i: Interaction) => deny(i) },
  };
  const cases = Object.entries(transitions).flatMap(([name, transition]) =>
    (Object.keys(states) as Array<Interaction['state']>)
      .filter((state) => !transition.allowedFrom.includes(state))
      .map((state) => [name, state, transition.run] as const),
  );

  it.each(cases)('refuses %s from %s', (name, state, run) => {
    expect(() => run(states[state]())).toThrow(new InteractionTransitionError(state, name));
  });

  it('refuses consent to scopes the request did not ask for', () => {
    expect(() =>
      grantConsent(signIn(created(), user), { consentId: 'cns_1', scopes: ['openid', 'private_metadata'] }),
    ).toThrow('consent names scopes the request did not ask for: private_metadata');
  });

  it('refuses consent on an account sign-in, which has no client', () => {
    const account = createInteraction(
      { id: 'int-2', purpose: { kind: 'account', returnTo: '/account' }, browserBindingHash: 'h' },
      1,
    );
    expect(() => grantConsent(signIn(account, user), consent)).toThrow('an account sign-in has nothing to consent to');
  });

  it('never mutates the interaction it was given', () => {
    const before = created();
    const snapshot = JSON.stringify(before);
    signIn(before, user);
    expect(JSON.stringify(before)).toBe(snapshot);
  });
});
