import { randomBytes } from 'node:crypto';
import { decryptSecret, decryptSecretBytes, encryptSecret, encryptSecretToBytes } from './key-encryption';

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

describe('encryptSecretToBytes / decryptSecretBytes', () => {
  const key = randomBytes(32);

  it('round-trips as version 1 bytes, with a fresh IV each time, never containing the plaintext', () => {
    const first = encryptSecretToBytes('{"refreshToken":"live"}', key, 'hash-1');
    const second = encryptSecretToBytes('{"refreshToken":"live"}', key, 'hash-1');
    expect(first[0]).toBe(1);
    expect(first.length).toBe(1 + 12 + 16 + '{"refreshToken":"live"}'.length);
    expect(first.subarray(1, 13).equals(second.subarray(1, 13))).toBe(false);
    expect(first.includes('live')).toBe(false);
    expect(decryptSecretBytes(first, key, 'hash-1')).toBe('{"refreshToken":"live"}');
  });

  it('refuses another row, the wrong key, a tampered ciphertext and bytes of another format', () => {
    const sealed = encryptSecretToBytes('successor', key, 'hash-1');
    expect(() => decryptSecretBytes(sealed, key, 'hash-2')).toThrow();
    expect(() => decryptSecretBytes(sealed, randomBytes(32), 'hash-1')).toThrow();
    const tampered = Buffer.from(sealed);
    tampered[tampered.length - 1] ^= 1;
    expect(() => decryptSecretBytes(tampered, key, 'hash-1')).toThrow();
    expect(() => decryptSecretBytes(Buffer.from('v1.claimed'), key, 'hash-1')).toThrow('Unrecognised sealed secret');
    expect(() => decryptSecretBytes(Buffer.of(1, 2, 3), key, 'hash-1')).toThrow('Unrecognised sealed secret');
  });
});
