import { Inject, Injectable } from '@nestjs/common';
import {
  InvalidGrantError,
  type ExchangeClient,
  type TokenResponse,
  type ValidRequestOf,
  type TOKEN_GRANT_EXCHANGE,
  clientActor,
} from '@tessera/contracts';
import { sha256 } from '@tessera/crypto';
import { EventPublisher } from '@tessera/events';
import type { Logger } from '@tessera/logging';
import { CodeStore } from '../codes/code.store';
import type { Grant } from '../grants/grant';
import { GrantRepository, newGrantId } from '../grants/grant.repository';
import { GrantRevoker } from '../grants/grant-revoker.service';
import { TokenMinter } from '../issuance/token-minter.service';
import { ProfileLookup } from '../profiles/profile.lookup';
import { RefreshTokenHints } from '../refresh/refresh-token-hints';
import { TOKEN_LOGGER } from '../token.logger';
import { checkPkce, expectedChallenge } from './check-pkce';
import { issuesRefreshToken } from './refresh-token-rule';

type CodeGrantRequest = Extract<
  ValidRequestOf<typeof TOKEN_GRANT_EXCHANGE>['grant'],
  { grantType: 'authorization_code' }
>;

const invalidCode = () => new InvalidGrantError('The authorization code is invalid, expired or already used');

/**
 * grant_type=authorization_code (RFC 6749 §4.1.3). The code is consumed atomically, in the round trip that reads
 * it, only if the request matches it (client, redirect URI, PKCE): a request that fails a check does not burn it.
 * Then the grant is created and its tokens minted. A second redemption fails and revokes everything the first one
 * issued (RFC 6749 §4.1.2), including when the two race. The tokens are signed after the code is consumed and
 * before the transaction that stores the grant (see TokenMinter for why). The grant's first refresh token is
 * remembered for its first refresh (RefreshTokenHints).
 *
 * Events: `oauth_token.created` in the transaction that creates the grant; a replay `oauth_token.reuse_detected`
 * and `oauth_token.revoked` (see GrantRevoker.revokeAfterReuse). A failed exchange publishes nothing and changes
 * nothing, but for a code whose user no longer exists, which is consumed (it could never be redeemed).
 */
@Injectable()
export class AuthorizationCodeGrant {
  constructor(
    private readonly codes: CodeStore,
    private readonly grants: GrantRepository,
    private readonly revoker: GrantRevoker,
    private readonly minter: TokenMinter,
    private readonly profiles: ProfileLookup,
    private readonly events: EventPublisher,
    private readonly refreshTokenHints: RefreshTokenHints,
    @Inject(TOKEN_LOGGER) private readonly logger: Logger,
  ) {}

  async exchange(client: ExchangeClient, request: CodeGrantRequest): Promise<TokenResponse> {
    const taken = await this.codes.takeIfMatches(request.code, {
      clientId: client.clientId,
      redirectUri: request.redirectUri,
      codeChallenge: expectedChallenge(request.codeVerifier, client),
    });
    if (!taken) {
      await this.handleReplay(request.code, client.clientId);
      throw invalidCode();
    }
    // The same checks on the snapshot: when one fails, the code was left unconsumed, and this says which.
    const code = taken.snapshot;
    if (code.clientId !== client.clientId) {
      throw new InvalidGrantError('The authorization code was issued to another client');
    }
    // RFC 6749 §4.1.3: "identical" to the redirect_uri of the authorization request.
    if (code.redirectUri !== request.redirectUri) {
      throw new InvalidGrantError('The "redirect_uri" does not match the one of the authorization request');
    }
    checkPkce(code, request.codeVerifier, client);
    // Checks that pass on a snapshot the store did not match can only mean a representation it does not compare
    // (never the case for snapshots this service wrote): consumed on its own then, as before the two were one.
    if (!taken.consumed && !(await this.codes.consume(request.code))) {
      await this.handleReplay(request.code, client.clientId);
      throw invalidCode();
    }
    // After the consumption: a code whose user is gone can never be redeemed, so burning it costs nothing.
    const profile = this.profiles.needed(code.scopes) ? await this.profiles.forGrant(grantUser(code)) : null;
    if (this.profiles.needed(code.scopes) && !profile) {
      throw new InvalidGrantError('The user of this authorization code no longer exists');
    }
    const grant: Grant = {
      id: newGrantId(),
      clientId: code.clientId,
      userId: code.userId,
      scopes: code.scopes,
      organizationId: code.organizationId ?? null,
      resources: code.resources ?? [],
      consentId: code.consentId ?? null,
      authTime: code.authTime,
    };
    const signed = await this.minter.sign({
      grant,
      scopes: code.scopes,
      format: client.accessTokenFormat,
      profile,
      nonce: code.nonce,
      withRefreshToken: issuesRefreshToken(code.scopes, client),
    });
    // Three or four independent inserts and the event: one statement, one round trip (EventPublisher.batch).
    const response = await this.events.batch(async (writes, emit) => {
      await this.grants.create(writes, grant);
      const minted = await this.minter.persist(writes, signed);
      await emit({
        type: 'oauth_token.created',
        actor: clientActor(client.clientId),
        aggregateId: grant.id,
        payload: {
          grantId: grant.id,
          userId: grant.userId,
          clientId: grant.clientId,
          scopes: grant.scopes,
          grantType: 'authorization_code',
        },
      });
      return minted;
    });
    if (!(await this.codes.bindGrant(request.code, grant.id))) {
      // A replay arrived while this redemption was minting: neither gets tokens. The replay was detected in
      // Redis after the grant committed, so the reuse and the revocation are a change (and a transaction) of
      // their own; the grant's `created` event stays true — it did exist, briefly.
      await this.revoker.revokeAfterReuse(grant.id, 'code', clientActor(client.clientId));
      throw invalidCode();
    }
    if (response.refreshToken) this.refreshTokenHints.remember(sha256(response.refreshToken), grant);
    return response;
  }

  /** `presentedBy`: the client that sent the consumed code (not necessarily the grant's client). */
  private async handleReplay(code: string, presentedBy: string): Promise<void> {
    const outcome = await this.codes.recordReplay(code);
    if (outcome.kind === 'none') return;
    this.logger.warn({ replay: outcome.kind }, 'authorization code redeemed twice');
    // The replay is detected in Redis (the consumed-code marker), which no transaction covers: the event and the
    // revocation it causes are written together in a small transaction of their own. For `in-flight`, the first
    // redemption sees the replay when it binds its grant and does both there.
    if (outcome.kind === 'grant') {
      await this.revoker.revokeAfterReuse(outcome.grantId, 'code', clientActor(presentedBy));
    }
  }
}

const grantUser = (code: { userId: string; organizationId?: string }) => ({
  userId: code.userId,
  organizationId: code.organizationId ?? null,
});
