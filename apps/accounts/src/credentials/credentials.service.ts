import { Injectable } from '@nestjs/common';
import { FormPasswordIncorrectError } from '@tessera/contracts';
import { DataSource } from 'typeorm';
import { type PasswordHolder, UserPasswordService } from '../passwords/user-password.service';

/**
 * Sign-in: an identifier (an email address or a username) and a password → the user id. An unknown identifier,
 * a user without a password and a wrong password get the same error after the same argon2 work, so neither
 * the answer nor its timing tells an attacker which accounts exist.
 */
@Injectable()
export class CredentialsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly passwords: UserPasswordService,
  ) {}

  async verify(identifier: string, password: string): Promise<{ userId: string }> {
    const user = await this.findByIdentifier(identifier.trim().toLowerCase());
    if (!(await this.passwords.matches(user, password)) || !user) {
      throw new FormPasswordIncorrectError('The identifier or password is incorrect');
    }
    return { userId: user.id };
  }

  /** Usernames cannot contain "@", so an identifier with one is an email address; any verified one signs in. */
  private async findByIdentifier(identifier: string): Promise<PasswordHolder | undefined> {
    const rows = await this.dataSource.query<PasswordHolder[]>(
      identifier.includes('@')
        ? `SELECT u.id, u.password_hash AS "passwordHash"
             FROM accounts.email_addresses e JOIN accounts.users u ON u.id = e.user_id
            WHERE lower(e.email) = $1 AND e.verification_status = 'verified'`
        : `SELECT u.id, u.password_hash AS "passwordHash" FROM accounts.users u WHERE lower(u.username) = $1`,
      [identifier],
    );
    return rows[0];
  }
}
