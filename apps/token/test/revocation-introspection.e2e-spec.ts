import {
  TOKEN_GRANTS_REVOKE_FOR_CLIENT,
  TOKEN_GRANTS_REVOKE_FOR_CONSENT,
  TOKEN_GRANTS_REVOKE_FOR_USER,
  TOKEN_TOKEN_INTROSPECT,
  TOKEN_TOKEN_REVOKE,
  type TokenResponse,
} from '@tessera/contracts';
import { sha256 } from '@tessera/crypto';
import { SignJWT, decodeJwt, generateKeyPair } from 'jose';
import {
  ISSUER,
  USER_ID,
  confidentialClient,
  issueTokens,
  refresh,
  rejection,
  startTokenService,
  type TokenService,
} from './token-test-kit';

const SCOPES = ['openid', 'profile', 'offline_access'];

describe('token service: revocation (RFC 7009) and introspection', () => {
  let service: TokenService;
  const jwtClient = confidentialClient({ clientId: 'client_jwt' });
  const opaqueClient = confidentialClient({ clientId: 'client_opaque', accessTokenFormat: 'opaque' });

  beforeAll(async () => {
    service = await startTokenService();
  });

  afterAll(async () => {
    await service?.close();
  });

  const introspect = (token: string) => service.rpc.send(TOKEN_TOKEN_INTROSPECT, { token });
  const revoke = (clientId: string, token: string, tokenTypeHint?: string) =>
    service.rpc.send(TOKEN_TOKEN_REVOKE, { clientId, token, ...(tokenTypeHint ? { tokenTypeHint } : {}) });

  async function expectGrantDead(tokens: TokenResponse, client = jwtClient) {
    expect(await introspect(tokens.accessToken)).toEqual({ active: false });
    expect(await introspect(tokens.refreshToken!)).toEqual({ active: false });
    expect(await rejection(refresh(service, client, tokens.refreshToken!))).toMatchObject({
      code: 'invalid_grant',
      description: 'The refresh token has been revoked',
    });
  }

  describe('introspection', () => {
    it('describes an active JWT access token', async () => {
      const tokens = await issueTokens(service, jwtClient, { scopes: SCOPES, resources: ['https://api.example.com'] });
      const claims = decodeJwt(tokens.accessToken);
      expect(await introspect(tokens.accessToken)).toEqual({
        active: true,
        tokenType: 'access_token',
        format: 'jwt',
        grantId: claims.grant_id,
        clientId: 'client_jwt',
        userId: USER_ID,
        scopes: SCOPES,
        organizationId: null,
        audience: ['https://api.example.com'],
        issuer: ISSUER,
        issuedAt: claims.iat,
        expiresAt: claims.exp,
        jti: claims.jti,
      });
    });

    it('describes an active refresh token', async () => {
      const tokens = await issueTokens(service, jwtClient, { scopes: SCOPES });
      expect(await introspect(tokens.refreshToken!)).toEqual({
        active: true,
        tokenType: 'refresh_token',
        format: 'refresh',
        grantId: decodeJwt(tokens.accessToken).grant_id,
        clientId: 'client_jwt',
        userId: USER_ID,
        scopes: SCOPES,
        organizationId: null,
        audience: [],
        issuer: ISSUER,
        issuedAt: expect.any(Number),
        expiresAt: expect.any(Number),
      });
    });

    it('answers inactive for ID tokens, forged or foreign JWTs, garbage and unknown tokens', async () => {
      const tokens = await issueTokens(service, jwtClient, { scopes: SCOPES });
      const [header, payload] = tokens.accessToken.split('.');
      const { privateKey } = await generateKeyPair('RS256');
      const foreign = await new SignJWT(decodeJwt(tokens.accessToken))
        .setProtectedHeader({ alg: 'RS256', typ: 'at+jwt', kid: 'x' })
        .sign(privateKey);
      for (const token of [
        tokens.idToken!,
        `${header}.${payload}.${'A'.repeat(342)}`,
        foreign,
        'not a token',
        `oat_${'0'.repeat(64)}`,
        `ort_${'A'.repeat(43)}`,
      ]) {
        expect(await introspect(token)).toEqual({ active: false });
      }
    });

    it('answers inactive for an expired opaque token', async () => {
      const tokens = await issueTokens(service, opaqueClient, { scopes: SCOPES });
      const hash = sha256(tokens.accessToken);
      await service.db.query(
        `UPDATE token.access_tokens SET expires_at = now() - interval '1 second' WHERE token_hash = $1`,
        [hash],
      );
      await service.redis.del(`oat:${hash}`);
      expect(await introspect(tokens.accessToken)).toEqual({ active: false });
    });

    it('finds an opaque token in Postgres when the Redis cache has lost it', async () => {
      const tokens = await issueTokens(service, opaqueClient, { scopes: SCOPES });
      await service.redis.del(`oat:${sha256(tokens.accessToken)}`);
      expect(await introspect(tokens.accessToken)).toMatchObject({ active: true, format: 'opaque' });
      expect(await service.redis.exists(`oat:${sha256(tokens.accessToken)}`)).toBe(1);
    });
  });

  describe('revoking one token revokes the grant', () => {
    it.each([
      ['a JWT access token', jwtClient, 'accessToken', 'access_token'],
      ['an opaque access token', opaqueClient, 'accessToken', 'access_token'],
      ['a refresh token', jwtClient, 'refreshToken', 'refresh_token'],
      ['a refresh token with a wrong hint', opaqueClient, 'refreshToken', 'access_token'],
      ['an access token with an unknown hint', jwtClient, 'accessToken', 'id_token'],
    ] as const)('%s', async (_case, client, which, hint) => {
      const tokens = await issueTokens(service, client, { scopes: SCOPES });
      expect(await introspect(tokens.accessToken)).toMatchObject({ active: true });
      await expect(revoke(client.clientId, tokens[which]!, hint)).resolves.toEqual({ revoked: true });
      await expectGrantDead(tokens, client);
    });

    it('revokes with a refresh token that was already rotated away', async () => {
      const tokens = await issueTokens(service, jwtClient, { scopes: SCOPES });
      const next = await refresh(service, jwtClient, tokens.refreshToken!);
      await expect(revoke(jwtClient.clientId, tokens.refreshToken!)).resolves.toEqual({ revoked: true });
      await expectGrantDead(next);
    });

    it('changes nothing for another client’s token', async () => {
      const tokens = await issueTokens(service, jwtClient, { scopes: SCOPES });
      await expect(revoke('client_other', tokens.accessToken)).resolves.toEqual({ revoked: false });
      await expect(revoke('client_other', tokens.refreshToken!)).resolves.toEqual({ revoked: false });
      expect(await introspect(tokens.accessToken)).toMatchObject({ active: true });
      expect(await introspect(tokens.refreshToken!)).toMatchObject({ active: true });
    });

    it('changes nothing for unknown tokens and ID tokens', async () => {
      const tokens = await issueTokens(service, jwtClient, { scopes: SCOPES });
      for (const token of ['garbage', `oat_${'f'.repeat(64)}`, tokens.idToken!]) {
        await expect(revoke(jwtClient.clientId, token)).resolves.toEqual({ revoked: false });
      }
      expect(await introspect(tokens.accessToken)).toMatchObject({ active: true });
    });
  });

  describe('bulk revocation', () => {
    it('revokes every grant of a consent', async () => {
      const tokens = await issueTokens(service, jwtClient, { scopes: SCOPES, consentId: 'consent_1' });
      const other = await issueTokens(service, jwtClient, { scopes: SCOPES, consentId: 'consent_2' });
      await expect(service.rpc.send(TOKEN_GRANTS_REVOKE_FOR_CONSENT, { consentId: 'consent_1' })).resolves.toEqual({
        revokedGrants: 1,
      });
      await expectGrantDead(tokens);
      expect(await introspect(other.accessToken)).toMatchObject({ active: true });
      await expect(service.rpc.send(TOKEN_GRANTS_REVOKE_FOR_CONSENT, { consentId: 'consent_1' })).resolves.toEqual({
        revokedGrants: 0,
      });
    });

    it('revokes every grant of a user', async () => {
      service.profiles.setUser({ id: 'user_bulk' });
      const one = await issueTokens(service, jwtClient, { userId: 'user_bulk', scopes: SCOPES });
      const two = await issueTokens(service, opaqueClient, { userId: 'user_bulk', scopes: SCOPES });
      const bystander = await issueTokens(service, jwtClient, { scopes: SCOPES });
      await expect(service.rpc.send(TOKEN_GRANTS_REVOKE_FOR_USER, { userId: 'user_bulk' })).resolves.toEqual({
        revokedGrants: 2,
      });
      await expectGrantDead(one);
      await expectGrantDead(two, opaqueClient);
      expect(await introspect(bystander.accessToken)).toMatchObject({ active: true });
    });

    it('revokes every grant of a client', async () => {
      const doomed = confidentialClient({ clientId: 'client_doomed' });
      const one = await issueTokens(service, doomed, { scopes: SCOPES });
      const two = await issueTokens(service, doomed, { scopes: SCOPES });
      await expect(service.rpc.send(TOKEN_GRANTS_REVOKE_FOR_CLIENT, { clientId: 'client_doomed' })).resolves.toEqual({
        revokedGrants: 2,
      });
      await expectGrantDead(one, doomed);
      await expectGrantDead(two, doomed);
    });
  });
});
