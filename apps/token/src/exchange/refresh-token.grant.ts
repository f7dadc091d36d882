import { Injectable } from '@nestjs/common';
import {
  InvalidGrantError,
  type ExchangeClient,
  type TesseraError,
  type TokenResponse,
  type UserProfile,
  type ValidRequestOf,
  type TOKEN_GRANT_EXCHANGE,
  clientActor,
  SYSTEM_ACTOR,
} from '@tessera/contracts';
import { sha256 } from '@tessera/crypto';
import { EventPublisher, type NewEvent } from '@tessera/events';
import { GrantRevoker } from '../grants/grant-revoker.service';
import type { Grant } from '../grants/grant';
import { TokenMinter, type MintInput, type SignedTokens } from '../issuance/token-minter.service';
import { ProfileLookup } from '../profiles/profile.lookup';
import { RefreshSuccessorStore } from '../refresh/refresh-successor.store';
import { RefreshTokenHints } from '../refresh/refresh-token-hints';
import { newRefreshToken, RefreshTokenRepository } from '../refresh/refresh-token.repository';
import { checkRefreshScope } from './check-refresh-scope';

type RefreshGrantRequest = Extract<
  ValidRequestOf<typeof TOKEN_GRANT_EXCHANGE>['grant'],
  { grantType: 'refresh_token' }
>;

/**
 * A transaction's verdict; errors are thrown after the commit so that a revocation inside it sticks. `rotated`:
 * the grant, when the response holds a new refresh token (not a retry's remembered one).
 */
type Outcome = { response: TokenResponse; rotated?: Grant } | { error: TesseraError };

/** A live-looking token's successor, signed before the transaction, and the grant it was signed for. */
interface PreparedRotation {
  grant: Grant;
  signed: SignedTokens;
}

/**
 * grant_type=refresh_token (RFC 6749 §6) with rotation: every use marks the presented token used and issues its
 * successor. A used token presented again revokes the whole grant (reuse detection, RFC 9700 §4.14.2) — unless it
 * comes within REFRESH_REUSE_GRACE_SECONDS of its use and its successor is still unused: then it is a concurrent
 * retry, and it gets the very same successor (see RefreshSuccessorStore). Concurrent requests with one token
 * queue on its row lock.
 *
 * The token's grant comes from this process's memory of the refresh tokens it issued (RefreshTokenHints) or, when
 * another replica issued it, from an unlocked read. The user's profile (from the profile cache, or a NATS round
 * trip to accounts on a miss) is read before the row is locked: a grant's user never changes, and holding a pooled
 * Postgres connection across another service's answer made refreshes queue for connections under load. For the
 * same reason the successor's tokens are signed before the lock too (see prepareBeforeLocking): inside the lock
 * there are only the rotation's queries and a Redis write. A token that is still live, the common case, is
 * rotated without a transaction, by one conditional statement (see rotateLive); every other case (unknown, another
 * client's, expired, revoked, used: a retry or a reuse) takes the locked read in a transaction, which tells them
 * apart.
 *
 * Events, atomically with the change: `oauth_token.refreshed` for a rotation (a grace-window retry changes
 * nothing and publishes nothing); `oauth_token.reuse_detected` and `oauth_token.revoked` for a reuse.
 */
@Injectable()
export class RefreshTokenGrant {
  constructor(
    private readonly refreshTokens: RefreshTokenRepository,
    private readonly successors: RefreshSuccessorStore,
    private readonly hints: RefreshTokenHints,
    private readonly revoker: GrantRevoker,
    private readonly minter: TokenMinter,
    private readonly profiles: ProfileLookup,
    private readonly events: EventPublisher,
  ) {}

  async exchange(client: ExchangeClient, request: RefreshGrantRequest): Promise<TokenResponse> {
    const presentedHash = sha256(request.refreshToken);
    const { profile, rotation } = await this.prepareBeforeLocking(client, request, presentedHash);
    // The common case, a live token, in one statement; anything else takes the locked read below.
    if (rotation) {
      const rotated = await this.rotateLive(client, rotation, request.refreshToken, presentedHash);
      if (rotated) return rotated;
    }
    const outcome = await this.events.transaction(async (manager, emit): Promise<Outcome> => {
      const token = await this.refreshTokens.lock(manager, request.refreshToken);
      if (!token) return { error: new InvalidGrantError('The refresh token is invalid') };
      const { grant } = token;
      // RFC 6749 §6: the refresh token must have been issued to the authenticated client.
      if (grant.clientId !== client.clientId) {
        return { error: new InvalidGrantError('The refresh token was issued to another client') };
      }
      if (token.grantRevoked) return { error: new InvalidGrantError('The refresh token has been revoked') };
      if (token.expired) return { error: new InvalidGrantError('The refresh token has expired') };
      if (token.used && token.inGraceWindow) {
        const successor = await this.successors.recall(request.refreshToken, token.hash, token.replacedBy);
        // Without the sealed copy (Redis lost it) a retry cannot be answered, but it is no evidence of theft.
        return successor
          ? { response: successor }
          : { error: new InvalidGrantError('The refresh token was already used') };
      }
      if (token.used) {
        await this.revoker.revokeAfterReuse(grant.id, 'refresh_token', clientActor(client.clientId), manager);
        return { error: new InvalidGrantError('The refresh token was already used; the grant has been revoked') };
      }

      const scopes = checkRefreshScope(grant.scopes, request.scopes, client.scopes);
      if (this.profiles.needed(scopes) && !profile) {
        await this.revoker.revoke({ id: grant.id }, { reason: 'user_deleted', actor: SYSTEM_ACTOR }, manager);
        return { error: new InvalidGrantError('The user of this grant no longer exists') };
      }
      const minted = await this.minter.persist(
        manager,
        rotation?.signed ?? (await this.minter.sign(this.mintInput(client, grant, scopes, profile))),
        token.hash,
      );
      await emit(refreshed(client, grant));
      // Before the commit, so that a retry queued on the row lock finds it.
      await this.successors.remember(request.refreshToken, token.hash, minted);
      return { response: minted, rotated: grant };
    });
    if ('error' in outcome) throw outcome.error;
    if (outcome.rotated) this.hints.remember(sha256(outcome.response.refreshToken!), outcome.rotated);
    return outcome.response;
  }

  /**
   * The rotation of a token that looked live, with no transaction: its successor's place in the grace window's
   * memory claimed first, then one statement that rotates the token, stores the access token's row (opaque
   * tokens) and records the event, only if the token is still live (RefreshTokenRepository.rotationIfLive).
   * Undefined, with nothing written, when another request claimed the place or the token is not live any more;
   * the locked path then finds out which.
   */
  private async rotateLive(
    client: ExchangeClient,
    { grant, signed }: PreparedRotation,
    presented: string,
    presentedHash: string,
  ): Promise<TokenResponse | undefined> {
    const successor = newRefreshToken();
    const response = { ...signed.response, refreshToken: successor.token };
    if (!(await this.successors.claim(presented, presentedHash, response))) return undefined;
    const rotated = await this.events.batchIf(
      this.refreshTokens.rotationIfLive(presentedHash, grant.id, successor.hash),
      async (writes, emit) => {
        await this.minter.persistAccessToken(writes, signed);
        await emit(refreshed(client, grant));
      },
    );
    if (!rotated) return undefined;
    this.hints.remember(successor.hash, grant);
    return response;
  }

  /**
   * What can be done before the row is locked, from this process's hint (a token it issued) or an unlocked read
   * of the token: the profile the grant's tokens will need (null when they need none, when the user is gone, or
   * when the token is unknown or not this client's: the locked read refuses those with the precise reason before
   * the profile matters), and, when the token looks rotatable, its successor's tokens signed, with the grant they
   * were signed for. A grant's client, user and scopes never change, so the rotation can use them as read here;
   * whether the token is still live is decided by the rotation's statement or in the transaction (a token used or
   * revoked meanwhile gets an error, and what was signed here is dropped unsent).
   */
  private async prepareBeforeLocking(
    client: ExchangeClient,
    request: RefreshGrantRequest,
    presentedHash: string,
  ): Promise<{ profile: UserProfile | null; rotation: PreparedRotation | null }> {
    const hinted = this.hints.take(presentedHash);
    const token = hinted ? { grant: hinted, live: true } : await this.refreshTokens.find(request.refreshToken);
    if (!token || token.grant.clientId !== client.clientId) return { profile: null, rotation: null };
    const profile = this.profiles.needed(token.grant.scopes) ? await this.profiles.forGrant(token.grant) : null;
    const scopes = token.live ? refreshScopeOrNull(token.grant.scopes, request.scopes, client.scopes) : null;
    if (!scopes || (this.profiles.needed(scopes) && !profile)) return { profile, rotation: null };
    const signed = await this.minter.sign(this.mintInput(client, token.grant, scopes, profile));
    return { profile, rotation: { grant: token.grant, signed } };
  }

  private mintInput(client: ExchangeClient, grant: Grant, scopes: string[], profile: UserProfile | null): MintInput {
    return {
      grant,
      scopes,
      format: client.accessTokenFormat,
      profile: this.profiles.needed(scopes) ? profile : null,
      withRefreshToken: true,
    };
  }
}

/** The refresh's scopes, or null when the request's scope is refused (the locked path reports that, in order). */
function refreshScopeOrNull(
  granted: readonly string[],
  requested: readonly string[] | undefined,
  clientScopes: readonly string[],
): string[] | null {
  try {
    return checkRefreshScope(granted, requested, clientScopes);
  } catch {
    return null;
  }
}

/** The event of a rotation: `oauth_token.refreshed`, by the client. */
function refreshed(client: ExchangeClient, grant: Grant): NewEvent<'oauth_token.refreshed'> {
  return {
    type: 'oauth_token.refreshed',
    actor: clientActor(client.clientId),
    aggregateId: grant.id,
    payload: { grantId: grant.id, userId: grant.userId, clientId: grant.clientId },
  };
}
