import { createHash } from 'node:crypto';
import path from 'node:path';

/*
 * RFC 9700 §4.15 / RFC 6819 §5.1.4.2.2: secrets are compared in constant time, and a sign-in costs the same
 * whether or not the account exists. Timing cannot be asserted reliably in a test, so this file checks instead
 * that the code the stack runs — the build in dist/ that the e2e setup has just made, loaded here module by
 * module (apps are not importable from the e2e project otherwise) — hands each comparison to `constantTimeEqual`
 * (libs/crypto, a SHA-256 of both sides compared with crypto.timingSafeEqual; its own spec checks that), and
 * runs a full argon2 verification for unknown accounts.
 */

const dist = path.resolve(__dirname, '../../../dist');
const cryptoLib = path.join(dist, 'libs/crypto/index.js');
const sha256 = (value: string) => createHash('sha256').update(value).digest('base64url');
/** The built derivations of the pages' CSRF tokens (derived from the cookies, never stored). */
const csrfTokens = () =>
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the built module
  require(path.join(dist, 'apps/authorize/csrf/csrf-tokens.js')) as {
    interactionCsrfToken: (browserBinding: string, interactionId: string) => string;
    accountCsrfToken: (sessionToken: string) => string;
  };

type Compare = jest.Mock<boolean, [string, string]>;

/** Loads a built module with `constantTimeEqual` observed (the real one still answers). */
function loadWithObservedComparison<T>(relativePath: string): { module: T; compare: Compare } {
  jest.resetModules();
  const actual = jest.requireActual<{ constantTimeEqual: (a: string, b: string) => boolean }>(cryptoLib);
  const compare: Compare = jest.fn((a: string, b: string) => actual.constantTimeEqual(a, b));
  jest.doMock(cryptoLib, () => ({ ...actual, constantTimeEqual: compare }));
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the built module, with the mock above in place
  const module = require(path.join(dist, relativePath)) as T;
  return { module, compare };
}

afterEach(() => jest.dontMock(cryptoLib));

describe('constant-time comparison of secrets (in the built code)', () => {
  it('the gateway compares the admin API key with constantTimeEqual, whatever its length', () => {
    const { module, compare } = loadWithObservedComparison<{
      hasAdminKey: (authorization: string | undefined, key: string) => boolean;
    }>('apps/gateway/admin/admin-auth.guard.js');
    const key = 'k'.repeat(43);
    expect(module.hasAdminKey(`Bearer ${key}`, key)).toBe(true);
    expect(module.hasAdminKey(`Bearer ${'k'.repeat(42)}x`, key)).toBe(false);
    expect(module.hasAdminKey('Bearer short', key)).toBe(false);
    expect(compare.mock.calls).toEqual([
      [key, key],
      [`${'k'.repeat(42)}x`, key],
      ['short', key],
    ]);
  });

  it('the client registry authenticates a client secret by comparing hashes with constantTimeEqual', async () => {
    const { module, compare } = loadWithObservedComparison<{
      ClientAuthenticationService: new (directory: unknown) => {
        authenticate(request: { method: string; clientId: string; clientSecret?: string }): Promise<unknown>;
      };
    }>('apps/client-registry/clients/client-authentication.service.js');
    const stored = sha256('the-right-secret');
    // The client directory (a cache over Postgres) as the service sees it: the client with its secret's hash.
    const directory = { find: async () => ({ view: { clientId: 'c1', public: false }, secretHash: stored }) };
    const service = new module.ClientAuthenticationService(directory);
    await expect(
      service.authenticate({ method: 'client_secret_basic', clientId: 'c1', clientSecret: 'the-wrong-secret' }),
    ).rejects.toMatchObject({ code: 'invalid_client' });
    expect(compare.mock.calls).toEqual([[sha256('the-wrong-secret'), stored]]);
  });

  it('the authorize service checks the interaction CSRF token and browser binding with constantTimeEqual', () => {
    const { module, compare } = loadWithObservedComparison<{
      checkCsrfToken: (interaction: unknown, binding: string, token: string) => void;
      checkBrowser: (interaction: unknown, binding: string) => void;
    }>('apps/authorize/interactions/interaction-access.js');
    const interaction = { id: 'i1', browserBindingHash: sha256('the-binding') };
    const token = csrfTokens().interactionCsrfToken('the-binding', 'i1');
    expect(() => module.checkCsrfToken(interaction, 'the-binding', 'forged-token')).toThrow(
      'The form could not be verified',
    );
    expect(() => module.checkBrowser(interaction, 'other-binding')).toThrow('different browser');
    module.checkCsrfToken(interaction, 'the-binding', token);
    expect(compare.mock.calls).toEqual([
      ['forged-token', token],
      [sha256('other-binding'), sha256('the-binding')],
      [token, token],
    ]);
  });

  it('the authorize service checks the account page’s CSRF token with constantTimeEqual', async () => {
    const { module, compare } = loadWithObservedComparison<{
      AuthorizedAppsService: new (...dependencies: unknown[]) => {
        revoke(browser: unknown, csrfToken: string, clientId: string): Promise<unknown>;
      };
    }>('apps/authorize/consents/authorized-apps.service.js');
    const sessions = { touch: async () => ({ userId: 'user_1', authTime: 1 }) };
    const service = new module.AuthorizedAppsService(sessions, {}, {}, {});
    await expect(service.revoke({ sessionToken: 's', browserBinding: 'b' }, 'forged', 'client')).rejects.toMatchObject({
      code: 'access_denied',
    });
    expect(compare.mock.calls).toEqual([['forged', csrfTokens().accountCsrfToken('s')]]);
  });

  it('the gateway checks the sign-out form’s token with constantTimeEqual', () => {
    const { module, compare } = loadWithObservedComparison<{
      checkSignOutToken: (sessionToken: string, presented: string) => void;
      signOutToken: (sessionToken: string) => string;
    }>('apps/gateway/pages/sign-out-token.js');
    const expected = module.signOutToken('s');
    expect(() => module.checkSignOutToken('s', 'forged')).toThrow('The form could not be verified');
    expect(compare.mock.calls).toEqual([['forged', expected]]);
  });

  it('the token service checks a PKCE verifier with constantTimeEqual', () => {
    const { module, compare } = loadWithObservedComparison<{
      checkPkce: (code: { codeChallenge?: string }, verifier: string | undefined, client: unknown) => void;
    }>('apps/token/exchange/check-pkce.js');
    const verifier = 'v'.repeat(43);
    expect(() =>
      module.checkPkce({ codeChallenge: sha256('w'.repeat(43)) }, verifier, { public: false, pkceRequired: false }),
    ).toThrow('PKCE verification failed');
    expect(compare.mock.calls).toEqual([[sha256(verifier), sha256('w'.repeat(43))]]);
  });

  it('the accounts service runs a full argon2 verification for an unknown account, as for a known one', async () => {
    jest.resetModules();
    const argon2 = jest.requireActual<typeof import('argon2')>('argon2');
    const verify = jest.fn(argon2.verify);
    jest.doMock('argon2', () => ({ ...argon2, verify }));
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the built module, with the mock above in place
    const { PasswordHasher } = require(path.join(dist, 'apps/accounts/passwords/password-hasher.js')) as {
      PasswordHasher: new (config: Record<string, number>) => {
        onModuleInit(): Promise<void>;
        hash(password: string): Promise<string>;
        verify(stored: string | null, password: string): Promise<boolean>;
      };
    };
    const hasher = new PasswordHasher({
      PASSWORD_HASH_MEMORY_KIB: 19_456,
      PASSWORD_HASH_TIME_COST: 2,
      PASSWORD_HASH_PARALLELISM: 1,
    });
    await hasher.onModuleInit();
    const stored = await hasher.hash('the password');
    expect(await hasher.verify(null, 'a guess')).toBe(false);
    expect(await hasher.verify(stored, 'a guess')).toBe(false);
    const [unknownAccount, knownAccount] = verify.mock.calls;
    // The dummy hash has the same algorithm, version and cost as a real one: the same work.
    const costOf = (hash: string) => hash.split('$').slice(0, 4).join('$');
    expect(costOf(unknownAccount[0])).toBe(costOf(stored));
    expect(costOf(stored)).toMatch(/^\$argon2id\$v=19\$/);
    expect(unknownAccount[0]).not.toBe(stored);
    expect(knownAccount[0]).toBe(stored);
    jest.dontMock('argon2');
  });
});
