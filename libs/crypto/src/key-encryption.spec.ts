import { randomBytes } from 'node:crypto';
import { decryptSecret, encryptSecret } from './key-encryption';

describe('encryptSecret / decryptSecret', () => {
  const key = randomBytes(32);

  it('round-trips and never contains the plaintext', () => {
    const sealed = encryptSecret('private key material', key, 'kid-1');
    expect(sealed).not.toContain('private key material');
    expect(decryptSecret(sealed, key, 'kid-1')).toBe('private key material');
  });

  it('refuses a ciphertext moved to another row (associated data)', () => {
    const sealed = encryptSecret('private key material', key, 'kid-1');
    expect(() => decryptSecret(sealed, key, 'kid-2')).toThrow();
  });

  it('refuses the wrong key and a tampered ciphertext', () => {
    const sealed = encryptSecret('private key material', key, 'kid-1');
    expect(() => decryptSecret(sealed, randomBytes(32), 'kid-1')).toThrow();
    const parts = sealed.split('.');
    parts[3] = Buffer.from('tampered').toString('base64url');
    expect(() => decryptSecret(parts.join('.'), key, 'kid-1')).toThrow();
  });

  it('needs a 32-byte key', () => {
    expect(() => encryptSecret('x', randomBytes(16), 'kid')).toThrow('32-byte key');
  });
});
