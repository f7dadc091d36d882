import {
  InvalidGrantError,
  InvalidRequestError,
  TOKEN_CODE_MINT,
  TOKEN_TOKEN_INTROSPECT,
  type TokenResponse,
} from '@tessera/contracts';
import { sha256 } from '@tessera/crypto';
import Redis from 'ioredis';
import { decodeProtectedHeader } from 'jose';
import { CodeStore } from '../src/codes/code.store';
import { accessTokenHash } from '../src/issuance/token-claims';
import {
  ISSUER,
  REDIRECT_URI,
  USER_ID,
  confidentialClient,
  issueTokens,
  mintCode,
  publicClient,
  redeem,
  refresh,
  rejection,
  startTokenService,
  type TokenService,
} from './token-test-kit';

describe('token service: grant_type=authorization_code', () => {
  let service: TokenService;

  beforeAll(async () => {
    service = await startTokenService();
  });

  afterAll(async () => {
    await service?.close();
  });

  const introspect = (token: string) => service.rpc.send(TOKEN_TOKEN_INTROSPECT, { token });

  describe('a successful exchange', () => {
    let tokens: TokenResponse;
    const client = confidentialClient();

    beforeAll(async () => {
      tokens = await issueTokens(service, client, { scopes: ['openid', 'profile', 'email', 'offline_access'] });
    });

    it('answers the RFC 6749 §5.1 response with an ID token and a refresh token', () => {
      expect(tokens).toEqual({
        accessToken: expect.any(String),
        tokenType: 'Bearer',
        expiresIn: 86400,
        scope: 'openid profile email offline_access',
        idToken: expect.any(String),
        refreshToken: expect.stringMatching(/^ort_[A-Za-z0-9_-]{43}$/),
      });
    });

    it('issues an RFC 9068 JWT access token', async () => {
      expect(decodeProtectedHeader(tokens.accessToken)).toMatchObject({
        alg: 'RS256',
        typ: 'at+jwt',
        kid: expect.any(String),
      });
      const claims = await service.verify(tokens.accessToken, 'at+jwt');
      expect(claims).toEqual({
        iss: ISSUER,
        sub: USER_ID,
        aud: ISSUER,
        client_id: client.clientId,
        scope: 'openid profile email offline_access',
        jti: expect.stringMatching(/^oat_[0-9a-f]{32}$/),
        grant_id: expect.stringMatching(/^grant_[0-9a-f]{32}$/),
        iat: expect.any(Number),
        nbf: expect.any(Number),
        exp: expect.any(Number),
      });
      expect(claims.exp! - claims.iat!).toBe(86400);
      expect(claims.nbf).toBe(claims.iat);
    });

    it('issues an ID token with the OIDC claims and the claims of the granted scopes', async () => {
      expect(decodeProtectedHeader(tokens.idToken!)).toMatchObject({ alg: 'RS256', typ: 'JWT' });
      const claims = await service.verify(tokens.idToken!, 'JWT');
      expect(claims).toEqual({
        iss: ISSUER,
        sub: USER_ID,
        aud: client.clientId,
        azp: client.clientId,
        iat: expect.any(Number),
        exp: expect.any(Number),
        auth_time: expect.any(Number),
        jti: expect.stringMatching(/^[0-9a-f]{32}$/),
        nonce: 'nonce-123',
        at_hash: accessTokenHash(tokens.accessToken, 'RS256'),
        given_name: 'Ada',
        family_name: 'Lovelace',
        name: 'Ada Lovelace',
        picture: 'https://img.example.com/ada.png',
        preferred_username: 'ada',
        username: 'ada',
        email: 'ada@example.com',
        email_verified: true,
      });
      expect(claims.exp! - claims.iat!).toBe(86400);
    });

    it('keeps only hashes: neither the code nor any token is stored in the clear', async () => {
      const rows = await service.db.query(
        `SELECT row_to_json(t)::text AS row FROM (SELECT * FROM token.refresh_tokens) t
         UNION ALL SELECT row_to_json(a)::text FROM (SELECT * FROM token.access_tokens) a`,
      );
      const stored = JSON.stringify(rows);
      expect(stored).toContain(sha256(tokens.refreshToken!));
      expect(stored).not.toContain(tokens.refreshToken!);
      expect(stored).not.toContain(tokens.accessToken);
    });
  });

  describe('access token formats', () => {
    it('issues an opaque oat_ token for an opaque client, stored by its hash and introspectable', async () => {
      const client = confidentialClient({ clientId: 'client_opaque', accessTokenFormat: 'opaque' });
      const tokens = await issueTokens(service, client, { scopes: ['openid', 'email'] });
      expect(tokens.accessToken).toMatch(/^oat_[0-9a-f]{64}$/);
      const [row] = await service.db.query('SELECT * FROM token.access_tokens WHERE token_hash = $1', [
        sha256(tokens.accessToken),
      ]);
      expect(row).toMatchObject({ client_id: 'client_opaque', user_id: USER_ID, scopes: ['openid', 'email'] });
      expect(await introspect(tokens.accessToken)).toMatchObject({
        active: true,
        tokenType: 'access_token',
        format: 'opaque',
        clientId: 'client_opaque',
        userId: USER_ID,
        scopes: ['openid', 'email'],
        audience: [ISSUER],
      });
      const idToken = await service.verify(tokens.idToken!, 'JWT');
      expect(idToken.at_hash).toBe(accessTokenHash(tokens.accessToken, 'RS256'));
    });
  });

  describe('which tokens are issued', () => {
    it('gives a public client without offline_access no refresh token', async () => {
      const tokens = await issueTokens(service, publicClient(), { scopes: ['openid', 'profile'] });
      expect(tokens).not.toHaveProperty('refreshToken');
      expect(tokens.idToken).toBeDefined();
    });

    it('gives a public client with offline_access a refresh token', async () => {
      const tokens = await issueTokens(service, publicClient(), { scopes: ['openid', 'offline_access'] });
      expect(tokens.refreshToken).toMatch(/^ort_/);
    });

    it('gives a confidential client a refresh token even without offline_access (like Clerk)', async () => {
      const tokens = await issueTokens(service, confidentialClient(), { scopes: ['profile'] });
      expect(tokens.refreshToken).toMatch(/^ort_/);
    });

    it('issues no ID token without openid, and needs no profile then', async () => {
      service.profiles.setUser({ id: 'user_without_profile_lookup' });
      service.profiles.deleteUser('user_without_profile_lookup');
      const tokens = await issueTokens(service, confidentialClient(), {
        userId: 'user_without_profile_lookup',
        scopes: ['profile', 'email'],
      });
      expect(tokens).not.toHaveProperty('idToken');
      expect(tokens.scope).toBe('profile email');
    });

    it('binds the organization with user:org:read while the user is a member', async () => {
      const org = { id: 'org_1', name: 'Analytical', slug: 'analytical', role: 'org:member' as const };
      service.profiles.setUser({ id: 'user_in_org' }, [org]);
      const tokens = await issueTokens(service, confidentialClient(), {
        userId: 'user_in_org',
        scopes: ['openid', 'user:org:read'],
        organizationId: 'org_1',
      });
      expect(await service.verify(tokens.accessToken, 'at+jwt')).toMatchObject({ org_id: 'org_1' });
      expect(await service.verify(tokens.idToken!, 'JWT')).toMatchObject({ org_id: 'org_1' });

      const outsider = await issueTokens(service, confidentialClient(), {
        userId: 'user_in_org',
        scopes: ['openid', 'user:org:read'],
        organizationId: 'org_other',
      });
      expect(await service.verify(outsider.accessToken, 'at+jwt')).not.toHaveProperty('org_id');
    });

    it('uses the RFC 8707 resources as the access token audience', async () => {
      const tokens = await issueTokens(service, confidentialClient(), {
        scopes: ['profile'],
        resources: ['https://api.example.com/mcp'],
      });
      expect(await service.verify(tokens.accessToken, 'at+jwt')).toMatchObject({ aud: 'https://api.example.com/mcp' });
    });
  });

  describe('refusals', () => {
    const client = confidentialClient();

    it('refuses an unknown code with invalid_grant', async () => {
      const error = await rejection(redeem(service, client, 'no-such-code'));
      expect(error).toBeInstanceOf(InvalidGrantError);
      expect(error).toMatchObject({ description: 'The authorization code is invalid, expired or already used' });
    });

    it('refuses a code issued to another client, and does not burn it', async () => {
      const { code, verifier } = await mintCode(service, client);
      const error = await rejection(
        redeem(service, confidentialClient({ clientId: 'intruder' }), code, { codeVerifier: verifier }),
      );
      expect(error).toBeInstanceOf(InvalidGrantError);
      expect(error).toMatchObject({ description: 'The authorization code was issued to another client' });
      await expect(redeem(service, client, code, { codeVerifier: verifier })).resolves.toMatchObject({
        tokenType: 'Bearer',
      });
    });

    it('refuses a redirect_uri that is not identical to the authorization request’s', async () => {
      const { code, verifier } = await mintCode(service, client);
      for (const redirectUri of [`${REDIRECT_URI}/`, 'https://app.example.com/Callback', `${REDIRECT_URI}?x=1`]) {
        const error = await rejection(redeem(service, client, code, { codeVerifier: verifier, redirectUri }));
        expect(error).toBeInstanceOf(InvalidGrantError);
        expect(error).toMatchObject({
          description: 'The "redirect_uri" does not match the one of the authorization request',
        });
      }
      // None of them burned the code.
      await expect(redeem(service, client, code, { codeVerifier: verifier })).resolves.toMatchObject({
        tokenType: 'Bearer',
      });
    });

    it('reads and consumes a matching code in one round trip to Redis', async () => {
      const codes = service.service.app.get(CodeStore);
      const take = jest.spyOn(codes, 'takeIfMatches');
      const consume = jest.spyOn(codes, 'consume');
      try {
        const { code, verifier } = await mintCode(service, client);
        await expect(redeem(service, client, code, { codeVerifier: verifier })).resolves.toMatchObject({
          tokenType: 'Bearer',
        });
        expect(take).toHaveBeenCalledTimes(1);
        expect(consume).not.toHaveBeenCalled();
        expect(await service.redis.exists(`code:${sha256(code)}`)).toBe(0);
      } finally {
        take.mockRestore();
        consume.mockRestore();
      }
    });

    it('expires codes with AUTH_CODE_TTL_SECONDS and keeps every key it writes under a TTL', async () => {
      const { code } = await mintCode(service, client);
      const ttl = await service.redis.ttl(`code:${sha256(code)}`);
      expect(ttl).toBeGreaterThan(590);
      expect(ttl).toBeLessThanOrEqual(600);
      const raw = new Redis(service.redis.options.port ?? 6379, service.redis.options.host ?? '127.0.0.1');
      try {
        const keys = await raw.keys(`${service.redis.options.keyPrefix}*`);
        expect(keys.length).toBeGreaterThan(0);
        const ttls = await Promise.all(keys.map(async (key) => ({ key, ttl: await raw.ttl(key) })));
        expect(ttls.filter(({ ttl }) => ttl <= 0)).toEqual([]);
      } finally {
        raw.disconnect();
      }
    });

    it('refuses a user who no longer exists', async () => {
      service.profiles.setUser({ id: 'user_gone' });
      const { code, verifier } = await mintCode(service, client, { userId: 'user_gone' });
      service.profiles.deleteUser('user_gone');
      const error = await rejection(redeem(service, client, code, { codeVerifier: verifier }));
      expect(error).toMatchObject({
        code: 'invalid_grant',
        description: 'The user of this authorization code no longer exists',
      });
    });

    it('refuses a mint request with a challenge but no method (RFC 7636 would mean plain)', async () => {
      const error = await rejection(
        service.rpc.send(TOKEN_CODE_MINT, {
          clientId: client.clientId,
          userId: USER_ID,
          redirectUri: REDIRECT_URI,
          scopes: ['openid'],
          codeChallenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
          authTime: 1,
        }),
      );
      expect(error).toBeInstanceOf(InvalidRequestError);
    });
  });

  describe('PKCE (RFC 7636 §4.6)', () => {
    const client = confidentialClient();
    /** A refusal must not burn the code: its rightful redemption still works. */
    const stillRedeemable = (code: string, verifier: string) =>
      expect(redeem(service, client, code, { codeVerifier: verifier })).resolves.toMatchObject({ tokenType: 'Bearer' });

    it('refuses a wrong verifier', async () => {
      const { code, verifier } = await mintCode(service, client);
      const error = await rejection(redeem(service, client, code, { codeVerifier: 'x'.repeat(43) }));
      expect(error).toMatchObject({
        code: 'invalid_grant',
        description: 'PKCE verification failed: the code_verifier does not match the code_challenge',
      });
      await stillRedeemable(code, verifier);
    });

    it('refuses a missing verifier', async () => {
      const { code, verifier } = await mintCode(service, client);
      const error = await rejection(redeem(service, client, code));
      expect(error).toMatchObject({
        code: 'invalid_grant',
        description: 'The "code_verifier" parameter is required: the authorization request used PKCE',
      });
      await stillRedeemable(code, verifier);
    });

    it('refuses a malformed verifier with invalid_request', async () => {
      const { code, verifier } = await mintCode(service, client);
      const error = await rejection(redeem(service, client, code, { codeVerifier: 'short' }));
      expect(error).toMatchObject({ code: 'invalid_request', param: 'code_verifier' });
      await stillRedeemable(code, verifier);
    });

    it('refuses a verifier for a code issued without a challenge (downgrade)', async () => {
      const { code, verifier } = await mintCode(service, client, {
        codeChallenge: undefined,
        codeChallengeMethod: undefined,
      });
      const error = await rejection(redeem(service, client, code, { codeVerifier: verifier }));
      expect(error).toMatchObject({
        code: 'invalid_grant',
        description: 'A "code_verifier" was sent, but the authorization request had no code_challenge',
      });
    });

    it('lets a confidential client redeem a code without PKCE', async () => {
      const { code } = await mintCode(service, client, { codeChallenge: undefined, codeChallengeMethod: undefined });
      await expect(redeem(service, client, code)).resolves.toMatchObject({ tokenType: 'Bearer' });
    });

    it.each([
      ['a public client', publicClient()],
      ['a client with pkce_required', confidentialClient({ pkceRequired: true })],
    ])('refuses a code without PKCE for %s', async (_case, pkceClient) => {
      const { code } = await mintCode(service, pkceClient, {
        codeChallenge: undefined,
        codeChallengeMethod: undefined,
      });
      const error = await rejection(redeem(service, pkceClient, code));
      expect(error).toMatchObject({
        code: 'invalid_grant',
        description: 'This client must use PKCE, but the authorization request had no code_challenge',
      });
      expect(await service.redis.exists(`code:${sha256(code)}`)).toBe(1);
    });
  });

  describe('code replay (RFC 6749 §4.1.2, RFC 9700 §4.5)', () => {
    it.each(['jwt', 'opaque'] as const)(
      'refuses the second redemption and revokes every %s token of the first',
      async (accessTokenFormat) => {
        const client = confidentialClient({ accessTokenFormat });
        const { code, verifier } = await mintCode(service, client);
        const first = await redeem(service, client, code, { codeVerifier: verifier });
        expect(await introspect(first.accessToken)).toMatchObject({ active: true });

        const error = await rejection(redeem(service, client, code, { codeVerifier: verifier }));
        expect(error).toMatchObject({
          code: 'invalid_grant',
          description: 'The authorization code is invalid, expired or already used',
        });
        expect(await introspect(first.accessToken)).toEqual({ active: false });
        expect(await introspect(first.refreshToken!)).toEqual({ active: false });
        expect(await rejection(refresh(service, client, first.refreshToken!))).toMatchObject({
          code: 'invalid_grant',
          description: 'The refresh token has been revoked',
        });
        const [grant] = await service.db.query(
          `SELECT g.revoked_reason FROM token.grants g JOIN token.refresh_tokens r ON r.grant_id = g.id
            WHERE r.token_hash = $1`,
          [sha256(first.refreshToken!)],
        );
        expect(grant).toEqual({ revoked_reason: 'code_replay' });
      },
    );

    it('leaves no live tokens when two redemptions race', async () => {
      const client = confidentialClient({ accessTokenFormat: 'opaque' });
      const { code, verifier } = await mintCode(service, client);
      const results = await Promise.allSettled([
        redeem(service, client, code, { codeVerifier: verifier }),
        redeem(service, client, code, { codeVerifier: verifier }),
      ]);
      const issued = results.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
      expect(issued.length).toBeLessThanOrEqual(1);
      for (const tokens of issued) {
        expect(await introspect(tokens.accessToken)).toEqual({ active: false });
        expect(await introspect(tokens.refreshToken!)).toEqual({ active: false });
      }
      for (const result of results) {
        if (result.status === 'rejected') expect(result.reason).toBeInstanceOf(InvalidGrantError);
      }
    });
  });
});
