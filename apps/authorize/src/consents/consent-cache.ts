import { Inject, Injectable } from '@nestjs/common';
import type { ConsentView } from '@tessera/contracts';
import { randomToken } from '@tessera/crypto';
import type { Logger } from '@tessera/logging';
import { REDIS } from '@tessera/redis';
import type Redis from 'ioredis';
import { AUTHORIZE_LOGGER } from '../authorize.logger';

/** A user's consent to one client, as a key names it. */
export interface ConsentPair {
  userId: string;
  clientId: string;
}

/**
 * How long a key lives: a remembered consent is read from Postgres again at least this often, and a change's
 * marker (below) outlives any reader that could have read around it.
 */
export const CONSENT_CACHE_TTL_SECONDS = 3600;

/**
 * A reader fills the cache only this soon after it looked at the key. Far below the TTL, so that a change's
 * marker cannot have expired in between and left the key looking as the reader first saw it.
 */
const FILL_WINDOW_MS = 10_000;

/** `=` and the consent's JSON (`=null`: the user has none): what Postgres held when a reader filled the key. */
const STATE = '=';
/** A transaction that changes the consent has not ended: nobody may fill the key, readers go to Postgres. */
const CHANGING = '!';
/** `~` and a random tag: the consent changed since; a reader may fill only a key still as it saw it. */
const CHANGED = '~';

const keyOf = ({ userId, clientId }: ConsentPair) => `consent:${userId}:${clientId}`;

/** Sets KEYS[1] to ARGV[2] if it still holds ARGV[1] ('' for an absent key). */
const FILL = `
if (redis.call('GET', KEYS[1]) or '') ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3])
return 1`;

/** What a look at the cache found: the consent (or that there is none), or what a fill must still find. */
export type CachedConsent =
  { hit: true; consent: ConsentView | undefined } | { hit: false; ticket: FillTicket | undefined };

/** What a reader saw, to fill the key with what it then read from Postgres; none while a change is under way. */
export interface FillTicket {
  key: string;
  seen: string;
  at: number;
}

/**
 * Remembered consents in Redis, in front of `authorize.consents`, so that a returning user's silent sign-in
 * reads no Postgres. Only this service writes consents, so it alone keeps the cache true:
 *
 * - a writer marks each consent it changes CHANGING inside its transaction, after its statement and before the
 *   commit (a failed mark rolls the change back), and CHANGED once the transaction has ended either way;
 * - a reader that misses reads Postgres, then fills the key only if it still holds what the reader saw before
 *   that read, never one marked CHANGING.
 *
 * So a reader whose Postgres read raced a change cannot store what it read: the change marked the key between
 * the reader's look and its fill. Should Redis fail after a commit, the key stays CHANGING and readers go to
 * Postgres until it expires. A revoked consent is therefore never answered from the cache.
 */
@Injectable()
export class ConsentCache {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(AUTHORIZE_LOGGER) private readonly logger: Logger,
  ) {}

  async read(pair: ConsentPair): Promise<CachedConsent> {
    const key = keyOf(pair);
    const held = await this.redis.get(key);
    if (held?.startsWith(STATE)) {
      const consent = JSON.parse(held.slice(STATE.length)) as ConsentView | null;
      return { hit: true, consent: consent ?? undefined };
    }
    const ticket = held === CHANGING ? undefined : { key, seen: held ?? '', at: Date.now() };
    return { hit: false, ticket };
  }

  /** Stores what the reader of `ticket` found in Postgres, unless the key changed since; a failure is only logged. */
  async fill(ticket: FillTicket | undefined, consent: ConsentView | undefined): Promise<void> {
    if (ticket === undefined || Date.now() - ticket.at > FILL_WINDOW_MS) return;
    const value = STATE + JSON.stringify(consent ?? null);
    await this.redis.eval(FILL, 1, ticket.key, ticket.seen, value, CONSENT_CACHE_TTL_SECONDS).catch((error) => {
      this.logger.warn({ err: error }, 'could not remember a consent in Redis; the next sign-in reads Postgres');
    });
  }

  /** In the changing transaction, before its commit: a failure here fails (and rolls back) the change. */
  async changing(pairs: readonly ConsentPair[]): Promise<void> {
    await this.markAll(pairs, () => CHANGING);
  }

  /** Once the changing transaction has ended, committed or not; a failure leaves the keys CHANGING, and is logged. */
  async changed(pairs: readonly ConsentPair[]): Promise<void> {
    await this.markAll(pairs, () => CHANGED + randomToken(9)).catch((error) => {
      this.logger.warn({ err: error }, 'could not mark changed consents in Redis; they are read from Postgres');
    });
  }

  private async markAll(pairs: readonly ConsentPair[], marker: () => string): Promise<void> {
    if (pairs.length === 0) return;
    const pipeline = this.redis.pipeline();
    for (const pair of pairs) pipeline.set(keyOf(pair), marker(), 'EX', CONSENT_CACHE_TTL_SECONDS);
    for (const [error] of (await pipeline.exec()) ?? []) if (error) throw error;
  }
}
