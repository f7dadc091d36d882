import { Inject, Injectable } from '@nestjs/common';
import {
  instanceIdFor,
  InsufficientScopeError,
  InvalidTokenError,
  type ActiveToken,
  type UserInfo,
} from '@tessera/contracts';
import { ProfileSource } from '@tessera/profile-cache';
import { TokenChecker } from '../tokens/token-checker.service';
import { USERINFO_CONFIG, type UserinfoConfig } from '../userinfo.config';
import { servesUserInfo, userInfoClaims } from './userinfo-claims';

/**
 * /oauth/userinfo: the token must be an active access token (not a refresh or ID token) with a scope userinfo
 * serves, and its user must still exist; the answer is built from the user's current profile.
 */
@Injectable()
export class UserinfoService {
  private readonly instanceId: string;

  constructor(
    private readonly tokens: TokenChecker,
    private readonly profiles: ProfileSource,
    @Inject(USERINFO_CONFIG) config: UserinfoConfig,
  ) {
    this.instanceId = instanceIdFor(config.ISSUER);
  }

  async userInfo(accessToken: string): Promise<UserInfo> {
    const checked = await this.tokens.checkThen(accessToken, (token) =>
      answerable(token) ? this.profiles.get(token.userId, token.organizationId) : Promise.resolve(null),
    );
    if (!checked || checked.token.tokenType !== 'access_token') throw invalidToken();
    const { token, then: profile } = checked;
    if (!servesUserInfo(token.scopes)) {
      throw new InsufficientScopeError('The access token grants no scope that the userinfo endpoint serves');
    }
    // RFC 6750 §3.1: the token's user is gone, so the token no longer stands for anyone.
    if (!profile) throw invalidToken();
    return userInfoClaims({ instanceId: this.instanceId, scopes: token.scopes, profile });
  }
}

/** Only an access token with a scope userinfo serves gets its user's profile read. */
const answerable = (token: ActiveToken) => token.tokenType === 'access_token' && servesUserInfo(token.scopes);

/** One description for every reason, so that the answer does not tell a token prober which one applied. */
const invalidToken = () => new InvalidTokenError('The access token is invalid, expired or revoked');
