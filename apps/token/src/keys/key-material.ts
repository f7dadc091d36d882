import { decryptSecret, encryptSecret } from '@tessera/crypto';
import { calculateJwkThumbprint, exportJWK, exportPKCS8, generateKeyPair, importPKCS8, type CryptoKey } from 'jose';

export type SigningAlg = 'RS256' | 'ES256' | 'EdDSA';

export interface GeneratedKey {
  kid: string;
  alg: SigningAlg;
  publicJwk: Record<string, string>;
  privateKeySealed: string;
}

/** Generates a key pair for `alg`, names it by its JWK thumbprint and seals the private half. */
export async function generateSigningKey(alg: SigningAlg, encryptionKey: Buffer): Promise<GeneratedKey> {
  const { publicKey, privateKey } = await generateKeyPair(alg, {
    extractable: true,
    ...(alg === 'RS256' ? { modulusLength: 2048 } : {}),
    ...(alg === 'EdDSA' ? { crv: 'Ed25519' } : {}),
  });
  const jwk = await exportJWK(publicKey);
  const kid = await calculateJwkThumbprint(jwk);
  const publicJwk = {
    ...(jwk as Record<string, string>),
    kid,
    use: 'sig',
    alg,
  };
  const privateKeySealed = encryptSecret(await exportPKCS8(privateKey), encryptionKey, kid);
  return { kid, alg, publicJwk, privateKeySealed };
}

/** Unseals and imports a stored private key; done once per key and cached by the caller. */
export function importSigningKey(
  key: { kid: string; alg: string; privateKeySealed: string },
  encryptionKey: Buffer,
): Promise<CryptoKey> {
  return importPKCS8(decryptSecret(key.privateKeySealed, encryptionKey, key.kid), key.alg);
}
