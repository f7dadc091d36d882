import { loadConfig } from '@tessera/config';
import * as argon2 from 'argon2';
import type { DataSource } from 'typeorm';
import { accountsConfigSchema } from '../accounts.config';
import { PasswordHasher } from './password-hasher';
import { UserPasswordService } from './user-password.service';

// The real argon2, observed: how many verifications ran, and against which hash.
jest.mock('argon2', () => {
  const actual = jest.requireActual('argon2');
  return { ...actual, verify: jest.fn(actual.verify) };
});
const verifySpy = argon2.verify as jest.MockedFunction<typeof argon2.verify>;

describe('PasswordHasher', () => {
  const hasherWith = async (env: Record<string, string> = {}) => {
    const hasher = new PasswordHasher(loadConfig(accountsConfigSchema, env));
    await hasher.onModuleInit();
    return hasher;
  };

  it('hashes with argon2id and the configured cost, never storing the password', async () => {
    const hasher = await hasherWith();
    const hash = await hasher.hash('correct horse battery staple');
    expect(hash).toMatch(/^\$argon2id\$v=19\$/);
    expect(hash.split('$')[3].split(',').sort()).toEqual(['m=19456', 'p=1', 't=2']);
    expect(hash).not.toContain('correct horse');
    expect(await hasher.verify(hash, 'correct horse battery staple')).toBe(true);
    expect(await hasher.verify(hash, 'correct horse battery stapl')).toBe(false);
  });

  it('answers false without a stored hash (and does not throw on a malformed one)', async () => {
    const hasher = await hasherWith();
    expect(await hasher.verify(null, 'anything at all')).toBe(false);
    expect(await hasher.verify('not-a-phc-string', 'anything at all')).toBe(false);
  });

  it('flags hashes made with other parameters for rehashing', async () => {
    const weaker = await hasherWith({ PASSWORD_HASH_MEMORY_KIB: '8192', PASSWORD_HASH_TIME_COST: '1' });
    const current = await hasherWith();
    const oldHash = await weaker.hash('correct horse battery staple');
    expect(current.needsRehash(oldHash)).toBe(true);
    expect(current.needsRehash(await current.hash('correct horse battery staple'))).toBe(false);
    // An old hash still verifies: rehashing happens after a successful sign-in.
    expect(await current.verify(oldHash, 'correct horse battery staple')).toBe(true);
  });

  it('spends one full verification, with the configured cost, when there is no user or no password', async () => {
    const hasher = await hasherWith();
    const passwords = new UserPasswordService({} as DataSource, hasher);
    const realHash = await hasher.hash('correct horse battery staple');
    for (const holder of [undefined, { id: 'user_nopassword', passwordHash: null }]) {
      verifySpy.mockClear();
      expect(await passwords.matches(holder, 'correct horse battery staple')).toBe(false);
      expect(verifySpy).toHaveBeenCalledTimes(1);
      const [dummyHash] = verifySpy.mock.calls[0];
      expect(dummyHash).not.toBe(realHash);
      // Same algorithm and parameters as real hashes, hence the same work.
      expect(dummyHash.split('$').slice(0, 4)).toEqual(realHash.split('$').slice(0, 4));
    }
    verifySpy.mockClear();
    expect(await passwords.matches({ id: 'user_real', passwordHash: realHash }, 'wrong')).toBe(false);
    expect(verifySpy).toHaveBeenCalledTimes(1);
  });
});
