import { Inject, Injectable } from '@nestjs/common';
import { REDIS } from '@tessera/redis';
import type Redis from 'ioredis';
import { AUTHORIZE_CONFIG, type AuthorizeConfig } from '../authorize.config';
import type { Interaction, InteractionState } from './interaction';

/**
 * Replaces an interaction only if it is still in the expected state; the TTL is left as it was, so an
 * interaction never outlives INTERACTION_TTL_SECONDS however often it moves.
 */
const COMPARE_AND_SET = `
if redis.call('HGET', KEYS[1], 'state') ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'state', ARGV[2], 'data', ARGV[3])
return 1`;

const keyOf = (id: string) => `interaction:${id}`;

/** Interactions live in Redis (a hash of `state` and `data`) for INTERACTION_TTL_SECONDS from their creation. */
@Injectable()
export class InteractionStore {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(AUTHORIZE_CONFIG) private readonly config: AuthorizeConfig,
  ) {}

  async create(interaction: Interaction): Promise<void> {
    const key = keyOf(interaction.id);
    await this.redis
      .multi()
      .hset(key, 'state', interaction.state, 'data', JSON.stringify(interaction))
      .expire(key, this.config.INTERACTION_TTL_SECONDS)
      .exec();
  }

  async find(id: string): Promise<Interaction | undefined> {
    const data = await this.redis.hget(keyOf(id), 'data');
    return data === null ? undefined : (JSON.parse(data) as Interaction);
  }

  /** Writes `next` if the stored interaction is still in `expected`; false when another request got there first. */
  async replace(next: Interaction, expected: InteractionState): Promise<boolean> {
    const replaced = await this.redis.eval(
      COMPARE_AND_SET,
      1,
      keyOf(next.id),
      expected,
      next.state,
      JSON.stringify(next),
    );
    return replaced === 1;
  }
}
