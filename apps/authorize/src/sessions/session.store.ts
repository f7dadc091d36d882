import { Inject, Injectable } from '@nestjs/common';
import { randomToken, sha256 } from '@tessera/crypto';
import type { Logger } from '@tessera/logging';
import { REDIS } from '@tessera/redis';
import type Redis from 'ioredis';
import { AUTHORIZE_CONFIG, type AuthorizeConfig } from '../authorize.config';
import { AUTHORIZE_LOGGER } from '../authorize.logger';

/**
 * A signed-in browser. The cookie holds a random 32-byte token; Redis holds this under the token's hash. The
 * account pages' CSRF token is not stored: it is derived from the cookie (csrf/csrf-tokens.ts).
 */
export interface BrowserSession {
  userId: string;
  /** Unix seconds of the sign-in (the ID token's auth_time). */
  authTime: number;
}

/** randomToken(32): 43 base64url characters. Anything else cannot name a session and is not looked up. */
const SESSION_TOKEN = /^[A-Za-z0-9_-]{43}$/;

const sessionKey = (tokenHash: string) => `session:${tokenHash}`;
/** The hashes of a user's sessions, so that deleting the user can end them all. */
const userSessionsKey = (userId: string) => `user-sessions:${userId}`;

/**
 * Browser sessions with a sliding lifetime: every use restarts SESSION_TTL_SECONDS. A sign-in always creates a
 * new session (a new token), so a session id planted before sign-in is worthless after it (session fixation).
 *
 * Each user's sessions are also listed in a set that lives as long as the user's longest-lived session (each
 * use of a session restarts the set's lifetime too). A member may name a session that has since expired; it
 * goes when the set does, and ending it again is harmless.
 */
@Injectable()
export class SessionStore {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(AUTHORIZE_CONFIG) private readonly config: AuthorizeConfig,
    @Inject(AUTHORIZE_LOGGER) private readonly logger: Logger,
  ) {}

  get ttlSeconds(): number {
    return this.config.SESSION_TTL_SECONDS;
  }

  async create(userId: string, authTime: number): Promise<{ token: string; session: BrowserSession }> {
    const token = randomToken(32);
    const tokenHash = sha256(token);
    const session: BrowserSession = { userId, authTime };
    await this.redis
      .multi()
      .set(sessionKey(tokenHash), JSON.stringify(session), 'EX', this.ttlSeconds)
      .sadd(userSessionsKey(userId), tokenHash)
      .expire(userSessionsKey(userId), this.ttlSeconds)
      .exec();
    return { token, session };
  }

  /** The session named by a cookie value, its lifetime restarted; undefined when absent or expired. */
  async touch(token: string | undefined): Promise<BrowserSession | undefined> {
    if (token === undefined || !SESSION_TOKEN.test(token)) return undefined;
    const data = await this.redis.getex(sessionKey(sha256(token)), 'EX', this.ttlSeconds);
    if (data === null) return undefined;
    const session = JSON.parse(data) as BrowserSession;
    // Not awaited: the caller's next command (the remembered consent, in a silent sign-in) goes out in the same
    // write, as auto-pipelining sends what one event-loop turn issued. Nothing here depends on its answer, and a
    // failure leaves the set no worse than a failure after the GETEX above would have.
    this.redis.expire(userSessionsKey(session.userId), this.ttlSeconds).catch((error: unknown) => {
      this.logger.warn({ err: error }, "could not extend the lifetime of a user's list of sessions");
    });
    return session;
  }

  /** Deletes the session named by a cookie value; answers what it was (for its event), or undefined if none. */
  async end(token: string | undefined): Promise<BrowserSession | undefined> {
    if (token === undefined || !SESSION_TOKEN.test(token)) return undefined;
    const tokenHash = sha256(token);
    const data = await this.redis.getdel(sessionKey(tokenHash));
    if (data === null) return undefined;
    const session = JSON.parse(data) as BrowserSession;
    await this.redis.srem(userSessionsKey(session.userId), tokenHash);
    return session;
  }

  /**
   * Deletes every session of a user; answers how many there were. Only the members read are removed from the
   * set, so a session created meanwhile stays listed (and is ended by the next call).
   */
  async endAllOf(userId: string): Promise<number> {
    const tokenHashes = await this.redis.smembers(userSessionsKey(userId));
    if (tokenHashes.length === 0) return 0;
    const ended = await this.redis.del(...tokenHashes.map(sessionKey));
    await this.redis.srem(userSessionsKey(userId), ...tokenHashes);
    return ended;
  }
}
