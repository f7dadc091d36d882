import { createCipheriv, createDecipheriv } from 'node:crypto';
import { fillRandom } from './random';

const IV_BYTES = 12;
const TAG_BYTES = 16;
/** The first byte of a sealed byte string: its format's version. */
const BYTES_V1 = 1;

/**
 * AES-256-GCM for secrets at rest (signing private keys). Output: `v1.<iv>.<tag>.<ciphertext>` in base64url.
 * `associatedData` binds a ciphertext to its row (e.g. the key id), so ciphertexts cannot be swapped.
 */
export function encryptSecret(plaintext: string, key: Buffer, associatedData: string): string {
  const { iv, tag, ciphertext } = seal(plaintext, key, associatedData);
  return ['v1', iv, tag, ciphertext]
    .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
    .join('.');
}

export function decryptSecret(sealed: string, key: Buffer, associatedData: string): string {
  const [version, iv, tag, ciphertext] = sealed.split('.');
  if (version !== 'v1' || !iv || !tag || ciphertext === undefined) throw new Error('Unrecognised sealed secret');
  return open(
    Buffer.from(iv, 'base64url'),
    Buffer.from(tag, 'base64url'),
    Buffer.from(ciphertext, 'base64url'),
    key,
    associatedData,
  );
}

/**
 * The same sealing as encryptSecret, as bytes: `0x01 ‖ iv ‖ tag ‖ ciphertext`. For a store that takes binary values
 * (Redis) and a hot path, where the base64url of a few kilobytes and the text's write were a cost of their own.
 */
export function encryptSecretToBytes(plaintext: string, key: Buffer, associatedData: string): Buffer {
  const { iv, tag, ciphertext } = seal(plaintext, key, associatedData);
  return Buffer.concat([Buffer.of(BYTES_V1), iv, tag, ciphertext]);
}

export function decryptSecretBytes(sealed: Buffer, key: Buffer, associatedData: string): string {
  const ciphertextStart = 1 + IV_BYTES + TAG_BYTES;
  if (sealed.length < ciphertextStart || sealed[0] !== BYTES_V1) throw new Error('Unrecognised sealed secret');
  return open(
    sealed.subarray(1, 1 + IV_BYTES),
    sealed.subarray(1 + IV_BYTES, ciphertextStart),
    sealed.subarray(ciphertextStart),
    key,
    associatedData,
  );
}

function seal(plaintext: string, key: Buffer, associatedData: string) {
  assertKey(key);
  const iv = fillRandom(Buffer.allocUnsafe(IV_BYTES));
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(associatedData));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return { iv, tag: cipher.getAuthTag(), ciphertext };
}

function open(iv: Buffer, tag: Buffer, ciphertext: Buffer, key: Buffer, associatedData: string): string {
  assertKey(key);
  const decipher = createDecipheriv('aes-256-gcm', key, iv);
  decipher.setAAD(Buffer.from(associatedData));
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8');
}

function assertKey(key: Buffer): void {
  if (key.length !== 32) throw new Error('AES-256-GCM needs a 32-byte key');
}
