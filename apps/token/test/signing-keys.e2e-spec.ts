import { TOKEN_JWKS_GET, TOKEN_KEYS_ROTATE, TOKEN_TOKEN_INTROSPECT } from '@tessera/contracts';
import {
  bootApp,
  connectTestRpc,
  startTestInfrastructure,
  type TestInfrastructure,
  startProfileResponder,
} from '@tessera/testing';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { accessTokenHash } from '../src/issuance/token-claims';
import { tokenApp } from '../src/token.app';
import {
  ISSUER,
  USER_ID,
  confidentialClient,
  issueTokens,
  startTokenService,
  type TokenService,
} from './token-test-kit';

const SCOPES = ['openid', 'profile', 'offline_access'];

describe('token service: signing keys', () => {
  describe('rotation', () => {
    let service: TokenService;

    beforeAll(async () => {
      service = await startTokenService();
    });

    afterAll(async () => {
      await service?.close();
    });

    it('signs new tokens with the new key while tokens signed with the old one keep verifying', async () => {
      const client = confidentialClient();
      const before = await issueTokens(service, client, { scopes: SCOPES });
      const oldKid = decodeProtectedHeader(before.idToken!).kid;

      const rotated = await service.rpc.send(TOKEN_KEYS_ROTATE, {});
      expect(rotated).toEqual({
        kid: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
        alg: 'RS256',
        createdAt: expect.any(Number),
      });
      expect(rotated.kid).not.toBe(oldKid);

      const { keys } = await service.rpc.send(TOKEN_JWKS_GET, {});
      expect(keys.map((key) => key.kid)).toEqual([rotated.kid, oldKid]);

      const after = await issueTokens(service, client, { scopes: SCOPES });
      expect(decodeProtectedHeader(after.idToken!).kid).toBe(rotated.kid);
      expect(decodeProtectedHeader(after.accessToken).kid).toBe(rotated.kid);
      for (const tokens of [before, after]) {
        await expect(service.verify(tokens.idToken!, 'JWT')).resolves.toMatchObject({ iss: ISSUER });
        await expect(service.verify(tokens.accessToken, 'at+jwt')).resolves.toMatchObject({ iss: ISSUER });
        expect(await service.rpc.send(TOKEN_TOKEN_INTROSPECT, { token: tokens.accessToken })).toMatchObject({
          active: true,
        });
      }
    });

    it('keeps a retired key published only until the tokens it signed have expired', async () => {
      const rows = await service.db.query(
        `SELECT status, extract(epoch FROM published_until - now())::int AS remaining FROM token.signing_keys
          ORDER BY created_at`,
      );
      expect(rows[0].status).toBe('retired');
      expect(rows[0].remaining).toBeGreaterThan(86400 - 60);
      expect(rows[0].remaining).toBeLessThanOrEqual(86400);
      expect(rows.at(-1)).toEqual({ status: 'active', remaining: null });

      await service.db.query(`UPDATE token.signing_keys SET published_until = now() WHERE status = 'retired'`);
      const { keys } = await service.rpc.send(TOKEN_JWKS_GET, {});
      expect(keys).toHaveLength(1);
    });

    it('seals private keys at rest', async () => {
      const rows = await service.db.query(`SELECT private_key_sealed FROM token.signing_keys`);
      for (const row of rows) {
        expect(row.private_key_sealed).toMatch(/^v1\./);
        expect(row.private_key_sealed).not.toContain('PRIVATE KEY');
      }
    });
  });

  describe('algorithms (SIGNING_ALG)', () => {
    let infra: TestInfrastructure;

    beforeAll(async () => {
      infra = await startTestInfrastructure();
    });

    afterAll(async () => {
      await infra?.teardown();
    });

    it('switches RS256 → ES256 → EdDSA on one database, and earlier tokens keep verifying', async () => {
      const issued: Array<{ alg: string; accessToken: string }> = [];
      for (const alg of ['RS256', 'ES256', 'EdDSA'] as const) {
        const running = await bootApp(tokenApp, infra.env({ ISSUER, SIGNING_ALG: alg }));
        const client = await connectTestRpc(infra.nats.url);
        const profiles = await startProfileResponder(infra.nats.url);
        try {
          profiles.setUser({ id: USER_ID });
          // issueTokens only needs the NATS client of the kit.
          const service = { rpc: client.rpc } as TokenService;
          const tokens = await issueTokens(service, confidentialClient(), { scopes: SCOPES });
          expect(decodeProtectedHeader(tokens.idToken!).alg).toBe(alg);
          expect(decodeProtectedHeader(tokens.accessToken).alg).toBe(alg);

          const { keys } = await client.rpc.send(TOKEN_JWKS_GET, {});
          expect(keys.map((key) => key.alg)).toEqual([...issued.map((token) => token.alg), alg].reverse());
          const jwks = createLocalJWKSet({ keys });
          const { payload } = await jwtVerify(tokens.idToken!, jwks, { issuer: ISSUER });
          expect(payload.at_hash).toBe(accessTokenHash(tokens.accessToken, alg));

          issued.push({ alg, accessToken: tokens.accessToken });
          for (const earlier of issued) {
            await expect(
              jwtVerify(earlier.accessToken, jwks, { issuer: ISSUER, typ: 'at+jwt' }),
            ).resolves.toBeDefined();
            expect(await client.rpc.send(TOKEN_TOKEN_INTROSPECT, { token: earlier.accessToken })).toMatchObject({
              active: true,
            });
          }
        } finally {
          await profiles.close();
          await client.close();
          await running.close();
        }
      }
    });
  });
});
