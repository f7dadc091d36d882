// The cost floor of a sign-in: RS256 signatures (and verifications) per second on one core with jose, the
// library both Tessera and oidc-provider sign with. A W1 flow cannot be faster than its signatures allow.
import { availableParallelism } from 'node:os';
import { SignJWT, generateKeyPair, jwtVerify } from 'jose';

async function ratePerSecond(durationMs, operation) {
  let count = 0;
  const started = performance.now();
  while (performance.now() - started < durationMs) {
    await operation();
    count += 1;
  }
  return count / ((performance.now() - started) / 1000);
}

/** Measures on this thread (one core). `signaturesPerFlow` is how many RS256 signatures one W1 flow needs. */
export async function measureCostFloor({ durationMs, signaturesPerFlow }) {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { modulusLength: 2048 });
  const claims = {
    sub: 'user_2bench0000000000000000000',
    aud: 'bench-client',
    azp: 'bench-client',
    nonce: 'n-0S6_WzA2Mj',
    email: 'bench@example.com',
    email_verified: true,
    name: 'Bench User',
  };
  const sign = () =>
    new SignJWT(claims)
      .setProtectedHeader({ alg: 'RS256', kid: 'bench', typ: 'JWT' })
      .setIssuer('http://127.0.0.1')
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(privateKey);
  const token = await sign();
  await ratePerSecond(Math.min(300, durationMs / 4), sign); // warm up the JIT
  const signaturesPerSecondPerCore = await ratePerSecond(durationMs, sign);
  const verificationsPerSecondPerCore = await ratePerSecond(durationMs / 2, () =>
    jwtVerify(token, publicKey, { issuer: 'http://127.0.0.1' }),
  );
  const cores = availableParallelism();
  return {
    cores,
    signaturesPerSecondPerCore,
    verificationsPerSecondPerCore,
    signaturesPerFlow,
    // Every core doing nothing but signing: the ceiling no implementation of W1 can pass on this machine.
    w1FlowsPerSecondCeiling: (signaturesPerSecondPerCore * cores) / signaturesPerFlow,
  };
}
