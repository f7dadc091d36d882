import { InvalidGrantError, InvalidRequestError } from '@tessera/contracts';
import { checkPkce, expectedChallenge } from './check-pkce';

// RFC 7636 Appendix B.
const verifier = 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk';
const challenge = 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM';
const confidential = { public: false, pkceRequired: false };

function thrown(work: () => void): unknown {
  try {
    work();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('checkPkce (RFC 7636 §4.6)', () => {
  it('accepts the verifier of the stored S256 challenge (RFC 7636 Appendix B)', () => {
    expect(thrown(() => checkPkce({ codeChallenge: challenge }, verifier, confidential))).toBeUndefined();
    expect(
      thrown(() => checkPkce({ codeChallenge: challenge }, verifier, { public: true, pkceRequired: true })),
    ).toBeUndefined();
  });

  it('refuses a verifier that does not match', () => {
    const error = thrown(() => checkPkce({ codeChallenge: challenge }, `${verifier.slice(0, -1)}Y`, confidential));
    expect(error).toBeInstanceOf(InvalidGrantError);
    expect(error).toMatchObject({
      description: 'PKCE verification failed: the code_verifier does not match the code_challenge',
    });
  });

  it('refuses a missing verifier when a challenge was stored', () => {
    expect(thrown(() => checkPkce({ codeChallenge: challenge }, undefined, confidential))).toBeInstanceOf(
      InvalidGrantError,
    );
  });

  it.each([
    ['too short', 'a'.repeat(42)],
    ['too long', 'a'.repeat(129)],
    ['outside the unreserved set', `${'a'.repeat(42)}+`],
  ])('refuses a malformed verifier (%s) with invalid_request', (_case, bad) => {
    const error = thrown(() => checkPkce({ codeChallenge: challenge }, bad, confidential));
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect(error).toMatchObject({ param: 'code_verifier' });
  });

  it('refuses a verifier for a code issued without a challenge (no downgrade)', () => {
    const error = thrown(() => checkPkce({}, verifier, confidential));
    expect(error).toBeInstanceOf(InvalidGrantError);
    expect(error).toMatchObject({
      description: 'A "code_verifier" was sent, but the authorization request had no code_challenge',
    });
  });

  it('lets a confidential client without pkce_required redeem a code without PKCE', () => {
    expect(thrown(() => checkPkce({}, undefined, confidential))).toBeUndefined();
  });

  it.each([
    ['public', { public: true, pkceRequired: false }],
    ['pkce_required', { public: false, pkceRequired: true }],
  ])('refuses a code without PKCE for a %s client', (_case, client) => {
    expect(thrown(() => checkPkce({}, undefined, client))).toBeInstanceOf(InvalidGrantError);
  });
});

describe('expectedChallenge: the challenge a code must carry for checkPkce to pass', () => {
  const clients = [
    ['a confidential client', confidential],
    ['a public client', { public: true, pkceRequired: false }],
    ['a pkce_required client', { public: false, pkceRequired: true }],
  ] as const;
  const codes = [{}, { codeChallenge: challenge }, { codeChallenge: 'x'.repeat(43) }];
  const verifiers = [undefined, verifier, 'x'.repeat(43), 'short'];

  // What CodeStore.takeIfMatches compares must agree with checkPkce on every case: a match consumes the code.
  it.each(clients)('agrees with checkPkce for %s', (_case, client) => {
    for (const code of codes) {
      for (const candidate of verifiers) {
        const matches = (code.codeChallenge ?? '') === expectedChallenge(candidate, client);
        expect({ code, candidate, passes: matches }).toEqual({
          code,
          candidate,
          passes: thrown(() => checkPkce(code, candidate, client)) === undefined,
        });
      }
    }
  });
});
