import {
  ACCOUNTS_CREDENTIALS_VERIFY,
  ACCOUNTS_USER_CREATE,
  ACCOUNTS_USER_UPDATE,
  FormPasswordIncorrectError,
  InvalidRequestError,
} from '@tessera/contracts';
import { rejectionOf, startAccounts, uniqueEmail, type AccountsHarness } from './accounts-harness';

describe('accounts.credentials.verify.v1', () => {
  let accounts: AccountsHarness;
  let userId: string;
  const email = uniqueEmail('signin');

  const verify = (identifier: string, password: string) =>
    accounts.rpc.send(ACCOUNTS_CREDENTIALS_VERIFY, { identifier, password });

  beforeAll(async () => {
    accounts = await startAccounts();
    const secondEmail = uniqueEmail('second');
    ({ id: userId } = await accounts.rpc.send(ACCOUNTS_USER_CREATE, {
      emailAddresses: [email, secondEmail],
      username: 'signin_user',
      password: 'Tr0ub4dor&3',
    }));
  });

  afterAll(async () => {
    await accounts?.close();
  });

  it('answers the user id for the primary address in any case, with spaces trimmed', async () => {
    await expect(verify(email, 'Tr0ub4dor&3')).resolves.toEqual({ userId });
    await expect(verify(` ${email.toUpperCase()} `, 'Tr0ub4dor&3')).resolves.toEqual({ userId });
  });

  it('answers the user id for the username in any case', async () => {
    await expect(verify('SignIn_User', 'Tr0ub4dor&3')).resolves.toEqual({ userId });
  });

  it('gives the same error for a wrong password, an unknown address and an unknown username', async () => {
    const answers = await Promise.all([
      rejectionOf(verify(email, 'tr0ub4dor&3')),
      rejectionOf(verify('nobody@example.com', 'Tr0ub4dor&3')),
      rejectionOf(verify('nobody_here', 'Tr0ub4dor&3')),
    ]);
    for (const error of answers) {
      expect(error).toBeInstanceOf(FormPasswordIncorrectError);
      expect(error).toMatchObject({
        code: 'form_password_incorrect',
        status: 422,
        description: 'The identifier or password is incorrect',
        param: undefined,
      });
    }
  });

  it('gives the same error for a user who has no password', async () => {
    const passwordless = uniqueEmail('nopassword');
    await accounts.rpc.send(ACCOUNTS_USER_CREATE, { emailAddresses: [passwordless] });
    const error = await rejectionOf(verify(passwordless, 'anything at all'));
    expect(error).toBeInstanceOf(FormPasswordIncorrectError);
    expect(error.message).toBe('The identifier or password is incorrect');
  });

  it('signs in with a secondary verified address too', async () => {
    const { rows } = await accounts.db.query(
      'SELECT email FROM accounts.email_addresses WHERE user_id = $1 AND email <> $2',
      [userId, email],
    );
    await expect(verify(rows[0].email, 'Tr0ub4dor&3')).resolves.toEqual({ userId });
  });

  it('does not sign in with an unverified address', async () => {
    const { rows } = await accounts.db.query(
      `UPDATE accounts.email_addresses SET verification_status = 'unverified'
        WHERE user_id = $1 AND email <> $2 RETURNING email`,
      [userId, email],
    );
    try {
      await expect(rejectionOf(verify(rows[0].email, 'Tr0ub4dor&3'))).resolves.toBeInstanceOf(
        FormPasswordIncorrectError,
      );
    } finally {
      await accounts.db.query(
        `UPDATE accounts.email_addresses SET verification_status = 'verified' WHERE user_id = $1`,
        [userId],
      );
    }
  });

  it('follows a password change at once', async () => {
    const changing = uniqueEmail('changing');
    const user = await accounts.rpc.send(ACCOUNTS_USER_CREATE, {
      emailAddresses: [changing],
      password: 'before change',
    });
    await accounts.rpc.send(ACCOUNTS_USER_UPDATE, { userId: user.id, password: 'after change' });
    await expect(rejectionOf(verify(changing, 'before change'))).resolves.toBeInstanceOf(FormPasswordIncorrectError);
    await expect(verify(changing, 'after change')).resolves.toEqual({ userId: user.id });
  });

  it('refuses an empty identifier or password as a broken contract', async () => {
    await expect(rejectionOf(verify('', 'x'))).resolves.toBeInstanceOf(InvalidRequestError);
    await expect(rejectionOf(verify(email, ''))).resolves.toBeInstanceOf(InvalidRequestError);
  });
});

describe('password hashes made with older parameters', () => {
  it('still verify, and are rehashed with the current ones on a successful sign-in', async () => {
    const weak = { PASSWORD_HASH_MEMORY_KIB: '8192', PASSWORD_HASH_TIME_COST: '1' };
    const old = await startAccounts(weak);
    try {
      const email = uniqueEmail('rehash');
      const user = await old.rpc.send(ACCOUNTS_USER_CREATE, { emailAddresses: [email], password: 'legacy password' });
      const hashOf = async () =>
        (await old.db.query('SELECT password_hash FROM accounts.users WHERE id = $1', [user.id])).rows[0]
          .password_hash as string;
      expect(await hashOf()).toContain('m=8192');

      // The same database served by a replica configured with the default (stronger) parameters.
      const upgraded = await old.startReplica({});
      try {
        await old.closeFirstReplica();
        await expect(
          rejectionOf(old.rpc.send(ACCOUNTS_CREDENTIALS_VERIFY, { identifier: email, password: 'wrong password' })),
        ).resolves.toBeInstanceOf(FormPasswordIncorrectError);
        expect(await hashOf()).toContain('m=8192');
        await expect(
          old.rpc.send(ACCOUNTS_CREDENTIALS_VERIFY, { identifier: email, password: 'legacy password' }),
        ).resolves.toEqual({ userId: user.id });
        expect(await hashOf()).toContain('m=19456');
        await expect(
          old.rpc.send(ACCOUNTS_CREDENTIALS_VERIFY, { identifier: email, password: 'legacy password' }),
        ).resolves.toEqual({ userId: user.id });
      } finally {
        await upgraded.close();
      }
    } finally {
      await old.close();
    }
  });
});
