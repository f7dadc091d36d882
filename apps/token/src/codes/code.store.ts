import { Inject, Injectable } from '@nestjs/common';
import type { MintCodeRequest } from '@tessera/contracts';
import { randomToken, sha256 } from '@tessera/crypto';
import { REDIS } from '@tessera/redis';
import type Redis from 'ioredis';
import { TOKEN_CONFIG, type TokenConfig } from '../token.config';

/** What a code stands for: the authorize service's grant snapshot. */
export type CodeSnapshot = MintCodeRequest;

/**
 * The "consumed" marker of a redeemed code: `pending` while the first redemption is minting, then the id of the
 * grant it created; `replayed` when a second redemption arrived while the first was still minting.
 */
const PENDING = 'pending';
const REPLAYED = 'replayed';

/** Deletes the code and leaves the consumed marker, atomically: exactly one caller gets `1`. */
const CONSUME = `
if redis.call('DEL', KEYS[1]) == 1 then
  redis.call('SET', KEYS[2], '${PENDING}', 'EX', ARGV[1])
  return 1
end
return 0`;

/**
 * The code's snapshot, consumed as CONSUME does only if it was issued to client ARGV[1] for redirect URI ARGV[2]
 * with the PKCE challenge ARGV[3] ('' for none): `{1, snapshot}` consumed, `{0, snapshot}` left as it was, nil
 * for no such code. A snapshot is JSON without nulls (JSON.stringify drops undefined), so an absent challenge is
 * nil here.
 */
const TAKE_IF_MATCHES = `
local stored = redis.call('GET', KEYS[1])
if not stored then return nil end
local code = cjson.decode(stored)
local challenge = code.codeChallenge
local pkce = (ARGV[3] == '' and challenge == nil) or (type(challenge) == 'string' and challenge == ARGV[3])
if code.clientId == ARGV[1] and code.redirectUri == ARGV[2] and pkce then
  redis.call('DEL', KEYS[1])
  redis.call('SET', KEYS[2], '${PENDING}', 'EX', ARGV[4])
  return {1, stored}
end
return {0, stored}`;

/** Records a replay on the marker and returns what it held (a grant id, pending, replayed) or nil. */
const MARK_REPLAY = `
local used = redis.call('GET', KEYS[1])
if used == '${PENDING}' then redis.call('SET', KEYS[1], '${REPLAYED}', 'KEEPTTL') end
return used`;

/** pending → grant id, unless a replay got there first (then the new grant must be revoked). */
const BIND_GRANT = `
if redis.call('GET', KEYS[1]) == '${PENDING}' then
  redis.call('SET', KEYS[1], ARGV[1], 'KEEPTTL')
  return 1
end
return 0`;

export type ReplayOutcome =
  /** The code was redeemed before and created this grant: revoke it. */
  | { kind: 'grant'; grantId: string }
  /** The first redemption is still minting; it will see the replay and revoke its own grant. */
  | { kind: 'in-flight' }
  /** Unknown, expired, or a replay already handled. */
  | { kind: 'none' };

/**
 * Authorization codes in Redis (RFC 6749 §4.1.2): 32 random bytes, stored only by SHA-256 with the grant snapshot,
 * AUTH_CODE_TTL_SECONDS to live, single use. A redeemed code leaves a marker for as long as the code could have
 * lived, so that a second redemption can find and revoke what the first one issued (RFC 9700 §4.5).
 */
@Injectable()
export class CodeStore {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(TOKEN_CONFIG) private readonly config: TokenConfig,
  ) {}

  async mint(snapshot: CodeSnapshot): Promise<string> {
    const code = randomToken(32);
    await this.redis.set(codeKey(code), JSON.stringify(snapshot), 'EX', this.config.AUTH_CODE_TTL_SECONDS);
    return code;
  }

  /**
   * The snapshot of a live code, consumed in the same round trip when the redemption's client, redirect URI and
   * PKCE challenge (`''` for none) are the ones it was issued with; otherwise left as it was, so that a request
   * that fails a check does not burn the code. Undefined when there is no such code.
   */
  async takeIfMatches(
    code: string,
    expected: { clientId: string; redirectUri: string; codeChallenge: string },
  ): Promise<{ snapshot: CodeSnapshot; consumed: boolean } | undefined> {
    const taken = (await this.redis.eval(
      TAKE_IF_MATCHES,
      2,
      codeKey(code),
      usedKey(code),
      expected.clientId,
      expected.redirectUri,
      expected.codeChallenge,
      this.config.AUTH_CODE_TTL_SECONDS,
    )) as [number, string] | null;
    return taken ? { snapshot: JSON.parse(taken[1]) as CodeSnapshot, consumed: taken[0] === 1 } : undefined;
  }

  /** True for exactly one caller per code. */
  async consume(code: string): Promise<boolean> {
    const consumed = await this.redis.eval(CONSUME, 2, codeKey(code), usedKey(code), this.config.AUTH_CODE_TTL_SECONDS);
    return consumed === 1;
  }

  /** Ties a consumed code to the grant its redemption created; false when a replay came first. */
  async bindGrant(code: string, grantId: string): Promise<boolean> {
    return (await this.redis.eval(BIND_GRANT, 1, usedKey(code), grantId)) === 1;
  }

  /** Called for a code that is not (or no longer) live. */
  async recordReplay(code: string): Promise<ReplayOutcome> {
    const used = (await this.redis.eval(MARK_REPLAY, 1, usedKey(code))) as string | null;
    if (used === PENDING) return { kind: 'in-flight' };
    if (!used || used === REPLAYED) return { kind: 'none' };
    return { kind: 'grant', grantId: used };
  }
}

const codeKey = (code: string) => `code:${sha256(code)}`;
const usedKey = (code: string) => `code-used:${sha256(code)}`;
