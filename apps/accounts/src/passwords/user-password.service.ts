import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PasswordHasher } from './password-hasher';

/** What a password check needs to know of a user. */
export interface PasswordHolder {
  id: string;
  passwordHash: string | null;
}

/**
 * Checks a password against a user's hash. Unknown users and users without a password cost the same argon2
 * verification (against the dummy hash) and fail. A hash made with older parameters is upgraded on success.
 */
@Injectable()
export class UserPasswordService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly hasher: PasswordHasher,
  ) {}

  async matches(user: PasswordHolder | undefined, password: string): Promise<boolean> {
    const storedHash = user?.passwordHash ?? null;
    const matches = await this.hasher.verify(storedHash, password);
    if (matches && user && storedHash && this.hasher.needsRehash(storedHash)) {
      // Guarded by the old hash, so a password changed meanwhile is not overwritten. Not a profile change:
      // updated_at stays.
      await this.dataSource.query('UPDATE accounts.users SET password_hash = $2 WHERE id = $1 AND password_hash = $3', [
        user.id,
        await this.hasher.hash(password),
        storedHash,
      ]);
    }
    return matches;
  }
}
