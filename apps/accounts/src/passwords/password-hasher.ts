import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { randomToken } from '@tessera/crypto';
import * as argon2 from 'argon2';
import { ACCOUNTS_CONFIG, type AccountsConfig } from '../accounts.config';

/**
 * argon2id hashing and verification. `verify` with no stored hash (unknown user, user without a password)
 * still runs one full verification against a dummy hash with the same cost, so the answer takes the same time
 * whether or not the account exists. argon2's own comparison of the digests is constant-time.
 */
@Injectable()
export class PasswordHasher implements OnModuleInit {
  private readonly options: { type: typeof argon2.argon2id; memoryCost: number; timeCost: number; parallelism: number };
  private dummyHash!: string;

  constructor(@Inject(ACCOUNTS_CONFIG) config: AccountsConfig) {
    this.options = {
      type: argon2.argon2id,
      memoryCost: config.PASSWORD_HASH_MEMORY_KIB,
      timeCost: config.PASSWORD_HASH_TIME_COST,
      parallelism: config.PASSWORD_HASH_PARALLELISM,
    };
  }

  async onModuleInit(): Promise<void> {
    this.dummyHash = await this.hash(randomToken(32));
  }

  hash(password: string): Promise<string> {
    return argon2.hash(password, this.options);
  }

  /** True only when `storedHash` exists and matches; takes one verification's time either way. */
  async verify(storedHash: string | null, password: string): Promise<boolean> {
    const matches = await argon2.verify(storedHash ?? this.dummyHash, password).catch(() => false);
    return storedHash !== null && matches;
  }

  /** True when a hash was made with other parameters than the configured ones (then rehash it). */
  needsRehash(storedHash: string): boolean {
    return argon2.needsRehash(storedHash, this.options);
  }
}
