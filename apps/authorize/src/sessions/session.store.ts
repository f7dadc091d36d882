import { Inject, Injectable } from '@nestjs/common';
import { randomToken, sha256 } from '@tessera/crypto';
import { REDIS } from '@tessera/redis';
import type Redis from 'ioredis';
import { AUTHORIZE_CONFIG, type AuthorizeConfig } from '../authorize.config';

/** A signed-in browser. The cookie holds a random 32-byte token; Redis holds this under the token's hash. */
export interface BrowserSession {
  userId: string;
  /** Unix seconds of the sign-in (the ID token's auth_time). */
  authTime: number;
  /** Protects the account pages' forms (revoke an app) against cross-site submission. */
  csrfToken: string;
}

/** randomToken(32): 43 base64url characters. Anything else cannot name a session and is not looked up. */
const SESSION_TOKEN = /^[A-Za-z0-9_-]{43}$/;

const keyOf = (token: string) => `session:${sha256(token)}`;

/**
 * Browser sessions with a sliding lifetime: every use restarts SESSION_TTL_SECONDS. A sign-in always creates a
 * new session (a new token), so a session id planted before sign-in is worthless after it (session fixation).
 */
@Injectable()
export class SessionStore {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(AUTHORIZE_CONFIG) private readonly config: AuthorizeConfig,
  ) {}

  get ttlSeconds(): number {
    return this.config.SESSION_TTL_SECONDS;
  }

  async create(userId: string, authTime: number): Promise<{ token: string; session: BrowserSession }> {
    const token = randomToken(32);
    const session: BrowserSession = { userId, authTime, csrfToken: randomToken(24) };
    await this.redis.set(keyOf(token), JSON.stringify(session), 'EX', this.ttlSeconds);
    return { token, session };
  }

  /** The session named by a cookie value, its lifetime restarted; undefined when absent or expired. */
  async touch(token: string | undefined): Promise<BrowserSession | undefined> {
    if (token === undefined || !SESSION_TOKEN.test(token)) return undefined;
    const data = await this.redis.getex(keyOf(token), 'EX', this.ttlSeconds);
    return data === null ? undefined : (JSON.parse(data) as BrowserSession);
  }

  /** Deletes the session named by a cookie value; answers what it was (for its event), or undefined if none. */
  async end(token: string | undefined): Promise<BrowserSession | undefined> {
    if (token === undefined || !SESSION_TOKEN.test(token)) return undefined;
    const data = await this.redis.getdel(keyOf(token));
    return data === null ? undefined : (JSON.parse(data) as BrowserSession);
  }
}
