import { InvalidGrantError, InvalidScopeError, TOKEN_TOKEN_INTROSPECT, type TokenResponse } from '@tessera/contracts';
import { sha256 } from '@tessera/crypto';
import { ProfileCache, RememberedProfiles } from '@tessera/profile-cache';
import { RefreshSuccessorStore } from '../src/refresh/refresh-successor.store';
import { RefreshTokenHints } from '../src/refresh/refresh-token-hints';
import { RefreshTokenRepository } from '../src/refresh/refresh-token.repository';
import {
  USER_ID,
  confidentialClient,
  issueTokens,
  publicClient,
  refresh,
  rejection,
  startTokenService,
  type TokenService,
} from './token-test-kit';

const SCOPES = ['openid', 'profile', 'email', 'offline_access'];

describe('token service: grant_type=refresh_token', () => {
  let service: TokenService;
  const client = confidentialClient();

  beforeAll(async () => {
    // A wide grace window keeps the "concurrent retry" cases independent of the machine's speed; the cases
    // outside the window move the token's use back in time instead of waiting.
    service = await startTokenService({ REFRESH_REUSE_GRACE_SECONDS: '30' });
  });

  afterAll(async () => {
    await service?.close();
  });

  const introspect = (token: string) => service.rpc.send(TOKEN_TOKEN_INTROSPECT, { token });
  /**
   * What the token service's profile-invalidation consumer (in Redis) and its process's change listener (in
   * memory) do when the accounts service announces a change.
   */
  const announceChangeOf = async (userId: string) => {
    await service.service.app.get(ProfileCache).invalidateUser(userId);
    service.service.app.get(RememberedProfiles).forgetUser(userId);
  };
  /** Moves a refresh token's use out of the grace window, as if the window had passed. */
  const ageUse = (refreshToken: string) =>
    service.db.query(`UPDATE token.refresh_tokens SET used_at = used_at - interval '1 hour' WHERE token_hash = $1`, [
      sha256(refreshToken),
    ]);

  describe('rotation', () => {
    let first: TokenResponse;
    let second: TokenResponse;

    beforeAll(async () => {
      first = await issueTokens(service, client, { scopes: SCOPES });
      second = await refresh(service, client, first.refreshToken!);
    });

    it('answers new access, ID and refresh tokens', () => {
      expect(second).toEqual({
        accessToken: expect.any(String),
        tokenType: 'Bearer',
        expiresIn: 86400,
        scope: 'openid profile email offline_access',
        idToken: expect.any(String),
        refreshToken: expect.stringMatching(/^ort_/),
      });
      expect(second.refreshToken).not.toBe(first.refreshToken);
      expect(second.accessToken).not.toBe(first.accessToken);
    });

    it('replaces the presented refresh token with its successor', async () => {
      expect(await introspect(first.refreshToken!)).toEqual({ active: false });
      expect(await introspect(second.refreshToken!)).toMatchObject({ active: true, tokenType: 'refresh_token' });
      // The access tokens of a live grant stay valid until they expire.
      expect(await introspect(first.accessToken)).toMatchObject({ active: true });
    });

    it('records the rotation: the presented token used, its successor named', async () => {
      const [row] = await service.db.query(
        `SELECT used_at IS NOT NULL AS used, replaced_by FROM token.refresh_tokens WHERE token_hash = $1`,
        [sha256(first.refreshToken!)],
      );
      expect(row).toEqual({ used: true, replaced_by: sha256(second.refreshToken!) });
    });

    it('rotates a live token in one conditional statement, and takes the locked read only when it is not live', async () => {
      const repository = service.service.app.get(RefreshTokenRepository);
      const lock = jest.spyOn(repository, 'lock');
      const rotate = jest.spyOn(repository, 'rotationIfLive');
      try {
        const tokens = await issueTokens(service, client, { scopes: SCOPES });
        const successor = await refresh(service, client, tokens.refreshToken!);
        expect(rotate).toHaveBeenCalledTimes(1);
        expect(lock).not.toHaveBeenCalled();

        // A retry of the used token: nothing is signed or tried in one statement, the locked read answers it.
        await expect(refresh(service, client, tokens.refreshToken!)).resolves.toEqual(successor);
        expect(rotate).toHaveBeenCalledTimes(1);
        expect(lock).toHaveBeenCalledTimes(1);
      } finally {
        lock.mockRestore();
        rotate.mockRestore();
      }
    });

    it('reads nothing before the rotation when this process issued the token, and reads it when another did', async () => {
      const repository = service.service.app.get(RefreshTokenRepository);
      const hints = service.service.app.get(RefreshTokenHints);
      const find = jest.spyOn(repository, 'find');
      try {
        const tokens = await issueTokens(service, client, { scopes: SCOPES });
        const second = await refresh(service, client, tokens.refreshToken!);
        const third = await refresh(service, client, second.refreshToken!);
        expect(find).not.toHaveBeenCalled();

        // As if another replica had issued it: this process holds no hint, so it reads the token first.
        hints.take(sha256(third.refreshToken!));
        await expect(refresh(service, client, third.refreshToken!)).resolves.toMatchObject({ tokenType: 'Bearer' });
        expect(find).toHaveBeenCalledTimes(1);
      } finally {
        find.mockRestore();
      }
    });

    it('refuses with the precise reason a token whose hint went stale: revoked elsewhere, or rotated elsewhere', async () => {
      const revoked = await issueTokens(service, client, { scopes: SCOPES });
      await service.db.query(
        `UPDATE token.grants SET revoked_at = now()
          WHERE id = (SELECT grant_id FROM token.refresh_tokens WHERE token_hash = $1)`,
        [sha256(revoked.refreshToken!)],
      );
      await expect(rejection(refresh(service, client, revoked.refreshToken!))).resolves.toMatchObject({
        code: 'invalid_grant',
        description: 'The refresh token has been revoked',
      });

      // Another replica rotated it (the row says used, with no sealed successor here), and the window has passed.
      const rotated = await issueTokens(service, client, { scopes: SCOPES });
      await service.db.query(
        `UPDATE token.refresh_tokens SET used_at = now() - interval '1 hour' WHERE token_hash = $1`,
        [sha256(rotated.refreshToken!)],
      );
      await expect(rejection(refresh(service, client, rotated.refreshToken!))).resolves.toMatchObject({
        code: 'invalid_grant',
        description: 'The refresh token was already used; the grant has been revoked',
      });
    });

    it('keeps auth_time and drops the nonce on the refreshed ID token (OIDC Core §12.2)', async () => {
      const original = await service.verify(first.idToken!, 'JWT');
      const refreshed = await service.verify(second.idToken!, 'JWT');
      expect(refreshed.auth_time).toBe(original.auth_time);
      expect(original.nonce).toBe('nonce-123');
      expect(refreshed).not.toHaveProperty('nonce');
      expect(refreshed.sub).toBe(USER_ID);
    });
  });

  it('builds the new ID token from the current profile and organization', async () => {
    const org = { id: 'org_9', name: 'Nine', slug: 'nine', role: 'org:member' as const };
    service.profiles.setUser({ id: 'user_changing', firstName: 'Ada' }, [org]);
    const first = await issueTokens(service, client, {
      userId: 'user_changing',
      scopes: ['openid', 'profile', 'user:org:read', 'offline_access'],
      organizationId: 'org_9',
    });
    expect(await service.verify(first.idToken!, 'JWT')).toMatchObject({ given_name: 'Ada', org_id: 'org_9' });

    service.profiles.setUser({ id: 'user_changing', firstName: 'Augusta' }, []);
    await announceChangeOf('user_changing');
    const second = await refresh(service, client, first.refreshToken!);
    const idToken = await service.verify(second.idToken!, 'JWT');
    expect(idToken).toMatchObject({ given_name: 'Augusta', name: 'Augusta Lovelace' });
    expect(idToken).not.toHaveProperty('org_id');
    expect(await service.verify(second.accessToken, 'at+jwt')).not.toHaveProperty('org_id');
  });

  describe('scope', () => {
    it('narrows the access token, and the successor keeps the whole grant (RFC 6749 §6)', async () => {
      const first = await issueTokens(service, client, { scopes: SCOPES });
      const narrowed = await refresh(service, client, first.refreshToken!, ['email']);
      expect(narrowed.scope).toBe('email');
      expect(narrowed).not.toHaveProperty('idToken');
      expect(await service.verify(narrowed.accessToken, 'at+jwt')).toMatchObject({ scope: 'email' });
      const widened = await refresh(service, client, narrowed.refreshToken!);
      expect(widened.scope).toBe('openid profile email offline_access');
      expect(widened.idToken).toBeDefined();
    });

    it('refuses to widen the grant with invalid_scope, and the token stays usable', async () => {
      const first = await issueTokens(service, client, { scopes: ['openid', 'offline_access'] });
      const error = await rejection(refresh(service, client, first.refreshToken!, ['openid', 'email']));
      expect(error).toBeInstanceOf(InvalidScopeError);
      expect(error).toMatchObject({ description: 'The requested scope "email" was not part of the original grant' });
      await expect(refresh(service, client, first.refreshToken!)).resolves.toMatchObject({
        scope: 'openid offline_access',
      });
    });

    it('refuses a scope the client no longer holds', async () => {
      const first = await issueTokens(service, client, { scopes: SCOPES });
      const shrunk = confidentialClient({ scopes: ['openid', 'profile', 'offline_access'] });
      const error = await rejection(refresh(service, shrunk, first.refreshToken!));
      expect(error).toMatchObject({
        code: 'invalid_scope',
        description: 'The client is no longer allowed the scope "email"',
      });
      await expect(refresh(service, shrunk, first.refreshToken!, ['openid'])).resolves.toMatchObject({
        scope: 'openid',
      });
    });
  });

  describe('refusals', () => {
    it('refuses an unknown refresh token', async () => {
      const error = await rejection(refresh(service, client, `ort_${'A'.repeat(43)}`));
      expect(error).toBeInstanceOf(InvalidGrantError);
      expect(error).toMatchObject({ description: 'The refresh token is invalid' });
    });

    it('refuses another client’s refresh token, and leaves it usable by its owner', async () => {
      const first = await issueTokens(service, client, { scopes: SCOPES });
      const error = await rejection(refresh(service, confidentialClient({ clientId: 'thief' }), first.refreshToken!));
      expect(error).toMatchObject({
        code: 'invalid_grant',
        description: 'The refresh token was issued to another client',
      });
      await expect(refresh(service, client, first.refreshToken!)).resolves.toMatchObject({ tokenType: 'Bearer' });
    });

    it('refuses an expired refresh token', async () => {
      const first = await issueTokens(service, client, { scopes: SCOPES });
      await service.db.query(
        `UPDATE token.refresh_tokens SET expires_at = now() - interval '1 second' WHERE token_hash = $1`,
        [sha256(first.refreshToken!)],
      );
      const error = await rejection(refresh(service, client, first.refreshToken!));
      expect(error).toMatchObject({ code: 'invalid_grant', description: 'The refresh token has expired' });
      expect(await introspect(first.refreshToken!)).toEqual({ active: false });
    });

    it('refuses, and revokes the grant of, a user who no longer exists', async () => {
      service.profiles.setUser({ id: 'user_leaving' });
      const first = await issueTokens(service, client, { userId: 'user_leaving', scopes: SCOPES });
      service.profiles.deleteUser('user_leaving');
      await announceChangeOf('user_leaving');
      const error = await rejection(refresh(service, client, first.refreshToken!));
      expect(error).toMatchObject({ code: 'invalid_grant', description: 'The user of this grant no longer exists' });
      expect(await introspect(first.accessToken)).toEqual({ active: false });
    });

    it('serves public clients with offline_access and rotates their tokens too', async () => {
      const first = await issueTokens(service, publicClient(), { scopes: ['openid', 'offline_access'] });
      const second = await refresh(service, publicClient(), first.refreshToken!);
      expect(second.refreshToken).toMatch(/^ort_/);
      expect(second.refreshToken).not.toBe(first.refreshToken);
    });

    it('issues opaque access tokens on refresh for an opaque client', async () => {
      const opaque = confidentialClient({ accessTokenFormat: 'opaque' });
      const first = await issueTokens(service, opaque, { scopes: SCOPES });
      const second = await refresh(service, opaque, first.refreshToken!);
      expect(second.accessToken).toMatch(/^oat_[0-9a-f]{64}$/);
      expect(await introspect(second.accessToken)).toMatchObject({ active: true, format: 'opaque' });
      // Stored with the rotation, not only cached.
      const rows = await service.db.query(`SELECT grant_id FROM token.access_tokens WHERE token_hash = $1`, [
        sha256(second.accessToken),
      ]);
      expect(rows).toHaveLength(1);
    });
  });

  describe('reuse detection', () => {
    it('revokes the whole family when a used refresh token comes back after the grace window', async () => {
      const opaque = confidentialClient({ accessTokenFormat: 'opaque' });
      const first = await issueTokens(service, opaque, { scopes: SCOPES });
      const second = await refresh(service, opaque, first.refreshToken!);
      const third = await refresh(service, opaque, second.refreshToken!);
      await ageUse(first.refreshToken!);

      const error = await rejection(refresh(service, opaque, first.refreshToken!));
      expect(error).toMatchObject({
        code: 'invalid_grant',
        description: 'The refresh token was already used; the grant has been revoked',
      });
      for (const token of [third.refreshToken!, third.accessToken, second.accessToken, first.accessToken]) {
        expect(await introspect(token)).toEqual({ active: false });
      }
      expect(await rejection(refresh(service, opaque, third.refreshToken!))).toMatchObject({
        code: 'invalid_grant',
        description: 'The refresh token has been revoked',
      });
      const [grant] = await service.db.query(
        `SELECT g.revoked_reason FROM token.grants g JOIN token.refresh_tokens r ON r.grant_id = g.id WHERE r.token_hash = $1`,
        [sha256(first.refreshToken!)],
      );
      expect(grant).toEqual({ revoked_reason: 'refresh_token_reuse' });
    });

    it('gives two concurrent refreshes with one token the same successor, and keeps the family live', async () => {
      const first = await issueTokens(service, client, { scopes: SCOPES });
      const [a, b] = await Promise.all([
        refresh(service, client, first.refreshToken!),
        refresh(service, client, first.refreshToken!),
      ]);
      expect(b).toEqual(a);
      expect(await introspect(a.accessToken)).toMatchObject({ active: true });
      await expect(refresh(service, client, a.refreshToken!)).resolves.toMatchObject({ tokenType: 'Bearer' });
    });

    it('gives a retry within the grace window the same successor', async () => {
      const first = await issueTokens(service, client, { scopes: SCOPES });
      const second = await refresh(service, client, first.refreshToken!);
      await expect(refresh(service, client, first.refreshToken!)).resolves.toEqual(second);
    });

    it('revokes the family when the retry comes after the successor was already used, even within the window', async () => {
      const first = await issueTokens(service, client, { scopes: SCOPES });
      const second = await refresh(service, client, first.refreshToken!);
      const third = await refresh(service, client, second.refreshToken!);
      const error = await rejection(refresh(service, client, first.refreshToken!));
      expect(error).toMatchObject({ code: 'invalid_grant' });
      expect(await introspect(third.refreshToken!)).toEqual({ active: false });
    });

    it('refuses, without revoking, a retry in the window whose sealed successor Redis has lost', async () => {
      const first = await issueTokens(service, client, { scopes: SCOPES });
      const second = await refresh(service, client, first.refreshToken!);
      await service.redis.del(`refresh-successor:${sha256(first.refreshToken!)}`);
      const error = await rejection(refresh(service, client, first.refreshToken!));
      expect(error).toMatchObject({ code: 'invalid_grant', description: 'The refresh token was already used' });
      await expect(refresh(service, client, second.refreshToken!)).resolves.toMatchObject({ tokenType: 'Bearer' });
    });

    it('takes the locked path when a concurrent request has claimed the successor’s place, and replaces the claim', async () => {
      const first = await issueTokens(service, client, { scopes: SCOPES });
      const key = `refresh-successor:${sha256(first.refreshToken!)}`;
      // What a request that claimed the place and then lost its rotation leaves behind.
      await service.redis.set(key, 'v1.claimed-by-another', 'EX', 30);
      const repository = service.service.app.get(RefreshTokenRepository);
      const lock = jest.spyOn(repository, 'lock');
      try {
        const second = await refresh(service, client, first.refreshToken!);
        expect(lock).toHaveBeenCalledTimes(1);
        expect(await service.redis.get(key)).not.toBe('v1.claimed-by-another');
        await expect(refresh(service, client, first.refreshToken!)).resolves.toEqual(second);
      } finally {
        lock.mockRestore();
      }
    });

    it('never hands a retry a successor that did not replace the token', async () => {
      const first = await issueTokens(service, client, { scopes: SCOPES });
      const second = await refresh(service, client, first.refreshToken!);
      // A claim left by a rotation that lost (its successor was never stored), in place of the real one.
      const other = await issueTokens(service, client, { scopes: SCOPES });
      const key = `refresh-successor:${sha256(first.refreshToken!)}`;
      const store = service.service.app.get(RefreshSuccessorStore);
      await service.redis.del(key);
      await store.claim(first.refreshToken!, sha256(first.refreshToken!), other);

      const error = await rejection(refresh(service, client, first.refreshToken!));
      expect(error).toMatchObject({ code: 'invalid_grant', description: 'The refresh token was already used' });
      await expect(refresh(service, client, second.refreshToken!)).resolves.toMatchObject({ tokenType: 'Bearer' });
    });

    it('stores the remembered successor sealed, under a TTL of the grace window', async () => {
      const first = await issueTokens(service, client, { scopes: SCOPES });
      const second = await refresh(service, client, first.refreshToken!);
      const key = `refresh-successor:${sha256(first.refreshToken!)}`;
      const sealed = (await service.redis.getBuffer(key))!;
      expect(sealed[0]).toBe(1); // the sealed bytes' format version
      expect(sealed.includes(second.refreshToken!)).toBe(false);
      expect(sealed.includes(second.accessToken.split('.')[1])).toBe(false);
      expect(sealed.includes(JSON.stringify(second.tokenType))).toBe(false);
      expect(await service.redis.ttl(key)).toBeGreaterThan(0);
      expect(await service.redis.ttl(key)).toBeLessThanOrEqual(30);
    });
  });
});
