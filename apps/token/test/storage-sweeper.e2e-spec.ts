import { TOKEN_TOKEN_INTROSPECT } from '@tessera/contracts';
import { sha256 } from '@tessera/crypto';
import { decodeJwt } from 'jose';
import { StorageSweeper } from '../src/housekeeping/storage-sweeper.service';
import { confidentialClient, issueTokens, publicClient, startTokenService, type TokenService } from './token-test-kit';

describe('token service: sweeping expired storage', () => {
  let service: TokenService;
  let sweeper: StorageSweeper;

  beforeAll(async () => {
    service = await startTokenService();
    sweeper = service.service.app.get(StorageSweeper);
  });

  afterAll(async () => {
    await service?.close();
  });

  const count = async (table: string, grantId: string) =>
    Number((await service.db.query(`SELECT count(*) AS n FROM token.${table} WHERE grant_id = $1`, [grantId]))[0].n);
  const grantExists = async (grantId: string) =>
    (await service.db.query('SELECT 1 FROM token.grants WHERE id = $1', [grantId])).length === 1;

  it('keeps everything that may still be presented', async () => {
    const tokens = await issueTokens(service, confidentialClient({ accessTokenFormat: 'opaque' }), {
      scopes: ['openid', 'offline_access'],
    });
    await sweeper.sweep();
    expect(await service.rpc.send(TOKEN_TOKEN_INTROSPECT, { token: tokens.accessToken })).toMatchObject({
      active: true,
    });
    expect(await service.rpc.send(TOKEN_TOKEN_INTROSPECT, { token: tokens.refreshToken! })).toMatchObject({
      active: true,
    });
  });

  it('deletes expired opaque tokens and refresh tokens, then the grants they leave behind', async () => {
    const tokens = await issueTokens(service, confidentialClient({ accessTokenFormat: 'opaque' }), {
      scopes: ['openid', 'offline_access'],
    });
    const { grantId } = (await service.rpc.send(TOKEN_TOKEN_INTROSPECT, { token: tokens.refreshToken! })) as {
      grantId: string;
    };
    // Age the grant past every lifetime, as if the ten-minute timer had found it days later.
    await service.db.query(
      `UPDATE token.access_tokens SET expires_at = now() - interval '1 second' WHERE token_hash = $1`,
      [sha256(tokens.accessToken)],
    );
    await service.db.query(
      `UPDATE token.refresh_tokens SET expires_at = now() - interval '2 days' WHERE grant_id = $1`,
      [grantId],
    );
    await service.db.query(`UPDATE token.grants SET created_at = now() - interval '40 days' WHERE id = $1`, [grantId]);

    const swept = await sweeper.sweep();
    expect(swept).toEqual({ accessTokens: 1, refreshTokens: 1, grants: 1 });
    expect(await count('access_tokens', grantId)).toBe(0);
    expect(await count('refresh_tokens', grantId)).toBe(0);
    expect(await grantExists(grantId)).toBe(false);
  });

  it('keeps a refresh token for an access-token lifetime after it expired', async () => {
    const tokens = await issueTokens(service, confidentialClient(), { scopes: ['openid', 'offline_access'] });
    const grantId = decodeJwt(tokens.accessToken).grant_id as string;
    await service.db.query(
      `UPDATE token.refresh_tokens SET expires_at = now() - interval '1 hour' WHERE grant_id = $1`,
      [grantId],
    );
    await sweeper.sweep();
    expect(await count('refresh_tokens', grantId)).toBe(1);
  });

  it('deletes a grant without refresh tokens once its access tokens are all past their lifetime', async () => {
    const tokens = await issueTokens(service, publicClient(), { scopes: ['openid'] });
    const grantId = decodeJwt(tokens.accessToken).grant_id as string;
    await sweeper.sweep();
    expect(await grantExists(grantId)).toBe(true);
    await service.db.query(`UPDATE token.grants SET created_at = now() - interval '2 days' WHERE id = $1`, [grantId]);
    await sweeper.sweep();
    expect(await grantExists(grantId)).toBe(false);
  });
});
