import {
  ACCOUNTS_MEMBERSHIP_CREATE,
  ACCOUNTS_ORGANIZATION_CREATE,
  ACCOUNTS_USER_CREATE,
  ACCOUNTS_USER_DELETE,
  ACCOUNTS_USER_GET,
  ACCOUNTS_USER_LIST,
  ACCOUNTS_USER_PASSWORD_VERIFY,
  ACCOUNTS_USER_UPDATE,
  FormIdentifierExistsError,
  FormParamFormatInvalidError,
  FormParamValueInvalidError,
  FormPasswordIncorrectError,
  FormPasswordLengthTooShortError,
  FormPasswordValidationFailedError,
  InvalidRequestError,
  ResourceNotFoundError,
  type RequestOf,
} from '@tessera/contracts';
import { rejectionOf, startAccounts, uniqueEmail, type AccountsHarness } from './accounts-harness';

describe('accounts: users over NATS and Postgres', () => {
  let accounts: AccountsHarness;
  const createUser = (request: Partial<RequestOf<typeof ACCOUNTS_USER_CREATE>> = {}) =>
    accounts.rpc.send(ACCOUNTS_USER_CREATE, { emailAddresses: [uniqueEmail()], ...request });

  beforeAll(async () => {
    accounts = await startAccounts();
  });

  afterAll(async () => {
    await accounts?.close();
  });

  describe('create', () => {
    it('stores the user and answers the full view, the first address primary and verified', async () => {
      const before = Date.now();
      const user = await accounts.rpc.send(ACCOUNTS_USER_CREATE, {
        emailAddresses: ['Ada.Lovelace@Example.COM', 'ada@analytical.example.org'],
        password: 'difference engine',
        firstName: 'Ada',
        lastName: 'Lovelace',
        username: 'Ada_Lovelace',
        imageUrl: 'https://img.example.com/ada.png',
        publicMetadata: { plan: 'pro' },
        privateMetadata: { stripeId: 'cus_1' },
        unsafeMetadata: { theme: 'dark' },
      });
      expect(user).toEqual({
        id: expect.stringMatching(/^user_[0-9A-Za-z]{27}$/),
        username: 'ada_lovelace',
        firstName: 'Ada',
        lastName: 'Lovelace',
        imageUrl: 'https://img.example.com/ada.png',
        primaryEmailAddressId: user.emailAddresses[0].id,
        emailAddresses: [
          {
            id: expect.stringMatching(/^idn_[0-9A-Za-z]{27}$/),
            emailAddress: 'ada.lovelace@example.com',
            verificationStatus: 'verified',
          },
          {
            id: expect.stringMatching(/^idn_[0-9A-Za-z]{27}$/),
            emailAddress: 'ada@analytical.example.org',
            verificationStatus: 'verified',
          },
        ],
        publicMetadata: { plan: 'pro' },
        privateMetadata: { stripeId: 'cus_1' },
        unsafeMetadata: { theme: 'dark' },
        passwordEnabled: true,
        createdAt: expect.any(Number),
        updatedAt: expect.any(Number),
      });
      expect(user.createdAt).toBeGreaterThanOrEqual(before - 1000);
      expect(user.updatedAt).toBe(user.createdAt);
      await expect(accounts.rpc.send(ACCOUNTS_USER_GET, { userId: user.id })).resolves.toEqual(user);
    });

    it('stores only an argon2id hash of the password', async () => {
      const user = await createUser({ password: 'correct horse battery staple' });
      const { rows } = await accounts.db.query('SELECT * FROM accounts.users WHERE id = $1', [user.id]);
      expect(rows[0].password_hash).toMatch(/^\$argon2id\$v=19\$/);
      expect(JSON.stringify(rows[0])).not.toContain('correct horse');
    });

    it('allows a user without a password, names or username', async () => {
      const email = uniqueEmail();
      const user = await accounts.rpc.send(ACCOUNTS_USER_CREATE, { emailAddresses: [email] });
      expect(user).toMatchObject({
        username: null,
        firstName: null,
        lastName: null,
        imageUrl: null,
        passwordEnabled: false,
        publicMetadata: {},
        privateMetadata: {},
        unsafeMetadata: {},
      });
    });

    it('stores empty optional text as null', async () => {
      const user = await createUser({ firstName: '', lastName: '', username: '', imageUrl: '' });
      expect(user).toMatchObject({ firstName: null, lastName: null, username: null, imageUrl: null });
    });

    it('refuses an email address taken by another user, in any case, with form_identifier_exists', async () => {
      const email = uniqueEmail('taken');
      await createUser({ emailAddresses: [email] });
      const error = await rejectionOf(createUser({ emailAddresses: [email.toUpperCase()] }));
      expect(error).toBeInstanceOf(FormIdentifierExistsError);
      expect(error).toMatchObject({ status: 422, param: 'email_address' });
    });

    it('refuses the same address twice in one request', async () => {
      const email = uniqueEmail();
      const error = await rejectionOf(createUser({ emailAddresses: [email, email.toUpperCase()] }));
      expect(error).toMatchObject({ code: 'form_identifier_exists', param: 'email_address' });
      const { rows } = await accounts.db.query('SELECT 1 FROM accounts.email_addresses WHERE email = $1', [email]);
      expect(rows).toHaveLength(0);
    });

    it('refuses a username taken by another user, in any case', async () => {
      await createUser({ username: 'grace_hopper' });
      const error = await rejectionOf(createUser({ username: 'Grace_Hopper' }));
      expect(error).toBeInstanceOf(FormIdentifierExistsError);
      expect(error).toMatchObject({ param: 'username' });
    });

    it('lets exactly one of many concurrent creations of the same address win, on several replicas', async () => {
      const replica = await accounts.startReplica();
      try {
        const email = uniqueEmail('race');
        const results = await Promise.allSettled(
          Array.from({ length: 12 }, (_, index) =>
            createUser({ emailAddresses: [index % 2 ? email : email.toUpperCase()], password: 'race condition' }),
          ),
        );
        expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
        for (const result of results.filter((result) => result.status === 'rejected')) {
          expect((result as PromiseRejectedResult).reason).toBeInstanceOf(FormIdentifierExistsError);
        }
        const { rows } = await accounts.db.query(
          'SELECT count(*)::int AS n FROM accounts.email_addresses WHERE email = $1',
          [email],
        );
        expect(rows[0].n).toBe(1);
      } finally {
        await replica.close();
      }
    });

    it.each([
      ['not-an-email', 'email_address'],
      ['ada@', 'email_address'],
      ['ada @example.com', 'email_address'],
    ])('refuses the invalid address %j with form_param_format_invalid', async (email, param) => {
      const error = await rejectionOf(createUser({ emailAddresses: [email] }));
      expect(error).toBeInstanceOf(FormParamFormatInvalidError);
      expect(error).toMatchObject({ status: 422, param });
    });

    it('refuses a malformed username and image URL', async () => {
      await expect(rejectionOf(createUser({ username: 'ab' }))).resolves.toMatchObject({
        code: 'form_param_format_invalid',
        param: 'username',
      });
      await expect(rejectionOf(createUser({ username: 'has@sign' }))).resolves.toMatchObject({
        code: 'form_param_format_invalid',
        param: 'username',
      });
      await expect(rejectionOf(createUser({ imageUrl: 'javascript:alert(1)' }))).resolves.toMatchObject({
        code: 'form_param_format_invalid',
        param: 'image_url',
      });
    });

    it('refuses a password shorter than 8 characters', async () => {
      const error = await rejectionOf(createUser({ password: 'seven77' }));
      expect(error).toBeInstanceOf(FormPasswordLengthTooShortError);
      expect(error).toMatchObject({ status: 422, param: 'password' });
    });

    it('refuses a password that is one of the user’s email addresses or the username', async () => {
      const email = uniqueEmail();
      const error = await rejectionOf(createUser({ emailAddresses: [email], password: email.toUpperCase() }));
      expect(error).toBeInstanceOf(FormPasswordValidationFailedError);
      expect(error).toMatchObject({ status: 422, param: 'password' });
      await expect(
        rejectionOf(createUser({ username: 'longusername', password: 'LongUsername' })),
      ).resolves.toBeInstanceOf(FormPasswordValidationFailedError);
    });

    it('skips the password rules when skipPasswordChecks is set, still hashing', async () => {
      const user = await createUser({ password: 'short', skipPasswordChecks: true });
      expect(user.passwordEnabled).toBe(true);
      await expect(
        accounts.rpc.send(ACCOUNTS_USER_PASSWORD_VERIFY, { userId: user.id, password: 'short' }),
      ).resolves.toEqual({
        verified: true,
      });
    });

    it.each(['publicMetadata', 'privateMetadata', 'unsafeMetadata'] as const)(
      'caps %s at 8 KiB of JSON with form_param_value_invalid',
      async (field) => {
        const param = field.replace('M', '_m');
        const fits = { blob: 'x'.repeat(8192 - '{"blob":""}'.length) };
        await expect(createUser({ [field]: fits })).resolves.toMatchObject({ [field]: fits });
        const error = await rejectionOf(createUser({ [field]: { blob: 'x'.repeat(8193 - '{"blob":""}'.length) } }));
        expect(error).toBeInstanceOf(FormParamValueInvalidError);
        expect(error).toMatchObject({ status: 422, param });
      },
    );

    it('refuses a payload that breaks the contract with invalid_request', async () => {
      const send = (payload: unknown) =>
        rejectionOf(accounts.rpc.send(ACCOUNTS_USER_CREATE, payload as RequestOf<typeof ACCOUNTS_USER_CREATE>));
      await expect(send({})).resolves.toBeInstanceOf(InvalidRequestError);
      await expect(send({ emailAddresses: [] })).resolves.toBeInstanceOf(InvalidRequestError);
      await expect(send({ emailAddresses: [uniqueEmail()], firstName: 5 })).resolves.toBeInstanceOf(
        InvalidRequestError,
      );
      await expect(send({ emailAddresses: [uniqueEmail()], publicMetadata: [] })).resolves.toBeInstanceOf(
        InvalidRequestError,
      );
      await expect(send({ emailAddresses: [uniqueEmail()], role: 'admin' })).resolves.toBeInstanceOf(
        InvalidRequestError,
      );
    });
  });

  describe('get, list', () => {
    it('answers resource_not_found for an unknown id', async () => {
      const error = await rejectionOf(accounts.rpc.send(ACCOUNTS_USER_GET, { userId: 'user_doesnotexist' }));
      expect(error).toBeInstanceOf(ResourceNotFoundError);
      expect(error).toMatchObject({ status: 404 });
    });

    it('pages newest first with the total, filters by address and searches', async () => {
      const tag = `tag${Date.now().toString(36)}`;
      const created = [];
      for (const name of ['Alan', 'Barbara', 'Claude']) {
        created.push(await createUser({ firstName: name, lastName: tag, emailAddresses: [uniqueEmail(name)] }));
      }
      const page = await accounts.rpc.send(ACCOUNTS_USER_LIST, { query: tag, limit: 2 });
      expect(page.totalCount).toBe(3);
      expect(page.data.map((user) => user.firstName)).toEqual(['Claude', 'Barbara']);
      const next = await accounts.rpc.send(ACCOUNTS_USER_LIST, { query: tag, limit: 2, offset: 2 });
      expect(next).toEqual({ data: [created[0]], totalCount: 3 });
      const oldestFirst = await accounts.rpc.send(ACCOUNTS_USER_LIST, { query: tag, orderBy: '+created_at' });
      expect(oldestFirst.data.map((user) => user.firstName)).toEqual(['Alan', 'Barbara', 'Claude']);

      const byEmail = await accounts.rpc.send(ACCOUNTS_USER_LIST, {
        emailAddresses: [created[1].emailAddresses[0].emailAddress.toUpperCase(), 'nobody@example.com'],
      });
      expect(byEmail).toEqual({ data: [created[1]], totalCount: 1 });

      const byEmailFragment = await accounts.rpc.send(ACCOUNTS_USER_LIST, { query: 'CLAUDE.' });
      expect(byEmailFragment.data.map((user) => user.id)).toContain(created[2].id);
      const byId = await accounts.rpc.send(ACCOUNTS_USER_LIST, { query: created[0].id });
      expect(byId).toEqual({ data: [created[0]], totalCount: 1 });
    });

    it('treats % and _ in a search as plain characters', async () => {
      await createUser({ firstName: 'percent%sign' });
      const page = await accounts.rpc.send(ACCOUNTS_USER_LIST, { query: 't%s' });
      expect(page.data.map((user) => user.firstName)).toEqual(['percent%sign']);
      await expect(accounts.rpc.send(ACCOUNTS_USER_LIST, { query: 'percent_sign' })).resolves.toEqual({
        data: [],
        totalCount: 0,
      });
    });

    it('defaults to 10 per page and refuses limits outside 1–500', async () => {
      for (let index = 0; index < 11; index++) await createUser();
      const page = await accounts.rpc.send(ACCOUNTS_USER_LIST, {});
      expect(page.data).toHaveLength(10);
      expect(page.totalCount).toBeGreaterThanOrEqual(11);
      await expect(rejectionOf(accounts.rpc.send(ACCOUNTS_USER_LIST, { limit: 501 }))).resolves.toBeInstanceOf(
        InvalidRequestError,
      );
      await expect(rejectionOf(accounts.rpc.send(ACCOUNTS_USER_LIST, { limit: 0 }))).resolves.toBeInstanceOf(
        InvalidRequestError,
      );
    });
  });

  describe('update', () => {
    it('changes only the fields given, replaces metadata whole and moves updatedAt', async () => {
      const user = await createUser({
        firstName: 'Old',
        lastName: 'Name',
        publicMetadata: { a: 1, b: 2 },
        privateMetadata: { keep: true },
      });
      await new Promise((resolve) => setTimeout(resolve, 5));
      const updated = await accounts.rpc.send(ACCOUNTS_USER_UPDATE, {
        userId: user.id,
        firstName: 'New',
        username: 'New_Username',
        publicMetadata: { c: 3 },
      });
      expect(updated).toEqual({
        ...user,
        firstName: 'New',
        username: 'new_username',
        publicMetadata: { c: 3 },
        updatedAt: expect.any(Number),
      });
      expect(updated.updatedAt).toBeGreaterThan(user.updatedAt);
    });

    it('clears a field given null', async () => {
      const user = await createUser({ firstName: 'Someone', username: 'clearable' });
      const updated = await accounts.rpc.send(ACCOUNTS_USER_UPDATE, {
        userId: user.id,
        firstName: null,
        username: null,
      });
      expect(updated).toMatchObject({ firstName: null, username: null });
    });

    it('changes nothing (not even updatedAt) when given nothing', async () => {
      const user = await createUser();
      await expect(accounts.rpc.send(ACCOUNTS_USER_UPDATE, { userId: user.id })).resolves.toEqual(user);
    });

    it('sets a new password under the same rules, which then verifies', async () => {
      const user = await createUser({ password: 'first password' });
      await expect(
        rejectionOf(accounts.rpc.send(ACCOUNTS_USER_UPDATE, { userId: user.id, password: 'short' })),
      ).resolves.toBeInstanceOf(FormPasswordLengthTooShortError);
      await expect(
        rejectionOf(
          accounts.rpc.send(ACCOUNTS_USER_UPDATE, { userId: user.id, password: user.emailAddresses[0].emailAddress }),
        ),
      ).resolves.toBeInstanceOf(FormPasswordValidationFailedError);
      await accounts.rpc.send(ACCOUNTS_USER_UPDATE, { userId: user.id, password: 'second password' });
      await expect(
        accounts.rpc.send(ACCOUNTS_USER_PASSWORD_VERIFY, { userId: user.id, password: 'second password' }),
      ).resolves.toEqual({ verified: true });
      await expect(
        rejectionOf(accounts.rpc.send(ACCOUNTS_USER_PASSWORD_VERIFY, { userId: user.id, password: 'first password' })),
      ).resolves.toBeInstanceOf(FormPasswordIncorrectError);
    });

    it('gives a password to a user who had none', async () => {
      const user = await createUser();
      const updated = await accounts.rpc.send(ACCOUNTS_USER_UPDATE, { userId: user.id, password: 'now i have one' });
      expect(updated.passwordEnabled).toBe(true);
    });

    it('switches the primary address only to one of the user’s own', async () => {
      const user = await createUser({ emailAddresses: [uniqueEmail('one'), uniqueEmail('two')] });
      const other = await createUser();
      const updated = await accounts.rpc.send(ACCOUNTS_USER_UPDATE, {
        userId: user.id,
        primaryEmailAddressId: user.emailAddresses[1].id,
      });
      expect(updated.primaryEmailAddressId).toBe(user.emailAddresses[1].id);
      const error = await rejectionOf(
        accounts.rpc.send(ACCOUNTS_USER_UPDATE, { userId: user.id, primaryEmailAddressId: other.emailAddresses[0].id }),
      );
      expect(error).toBeInstanceOf(FormParamValueInvalidError);
      expect(error).toMatchObject({ param: 'primary_email_address_id' });
    });

    it('refuses a taken username, oversized metadata, and an unknown user', async () => {
      await createUser({ username: 'taken_name' });
      const user = await createUser();
      await expect(
        rejectionOf(accounts.rpc.send(ACCOUNTS_USER_UPDATE, { userId: user.id, username: 'TAKEN_NAME' })),
      ).resolves.toMatchObject({ code: 'form_identifier_exists', param: 'username' });
      await expect(
        rejectionOf(
          accounts.rpc.send(ACCOUNTS_USER_UPDATE, { userId: user.id, unsafeMetadata: { x: 'y'.repeat(9000) } }),
        ),
      ).resolves.toMatchObject({ code: 'form_param_value_invalid', param: 'unsafe_metadata' });
      await expect(
        rejectionOf(accounts.rpc.send(ACCOUNTS_USER_UPDATE, { userId: 'user_missing', firstName: 'X' })),
      ).resolves.toBeInstanceOf(ResourceNotFoundError);
    });
  });

  describe('delete', () => {
    it('deletes the user with their addresses and memberships; the address is free again', async () => {
      const user = await createUser({ username: 'to_be_deleted' });
      const organization = await accounts.rpc.send(ACCOUNTS_ORGANIZATION_CREATE, { name: 'Doomed Membership' });
      await accounts.rpc.send(ACCOUNTS_MEMBERSHIP_CREATE, {
        organizationId: organization.id,
        userId: user.id,
        role: 'org:member',
      });
      await expect(accounts.rpc.send(ACCOUNTS_USER_DELETE, { userId: user.id })).resolves.toEqual({
        id: user.id,
        deleted: true,
      });
      await expect(rejectionOf(accounts.rpc.send(ACCOUNTS_USER_GET, { userId: user.id }))).resolves.toBeInstanceOf(
        ResourceNotFoundError,
      );
      const leftovers = await accounts.db.query(
        `SELECT (SELECT count(*) FROM accounts.email_addresses WHERE user_id = $1)::int AS emails,
                (SELECT count(*) FROM accounts.organization_memberships WHERE user_id = $1)::int AS memberships`,
        [user.id],
      );
      expect(leftovers.rows[0]).toEqual({ emails: 0, memberships: 0 });
      await expect(
        createUser({ emailAddresses: [user.emailAddresses[0].emailAddress], username: 'to_be_deleted' }),
      ).resolves.toMatchObject({ username: 'to_be_deleted' });
      await expect(rejectionOf(accounts.rpc.send(ACCOUNTS_USER_DELETE, { userId: user.id }))).resolves.toBeInstanceOf(
        ResourceNotFoundError,
      );
    });
  });

  describe('verify password (admin)', () => {
    it('answers verified for the right password and form_password_incorrect otherwise', async () => {
      const user = await createUser({ password: 'open sesame' });
      await expect(
        accounts.rpc.send(ACCOUNTS_USER_PASSWORD_VERIFY, { userId: user.id, password: 'open sesame' }),
      ).resolves.toEqual({ verified: true });
      const error = await rejectionOf(
        accounts.rpc.send(ACCOUNTS_USER_PASSWORD_VERIFY, { userId: user.id, password: 'Open sesame' }),
      );
      expect(error).toBeInstanceOf(FormPasswordIncorrectError);
      expect(error).toMatchObject({ status: 422, param: 'password' });
    });

    it('answers form_password_incorrect for a user without a password and 404 for an unknown user', async () => {
      const user = await createUser();
      await expect(
        rejectionOf(accounts.rpc.send(ACCOUNTS_USER_PASSWORD_VERIFY, { userId: user.id, password: 'anything' })),
      ).resolves.toBeInstanceOf(FormPasswordIncorrectError);
      await expect(
        rejectionOf(accounts.rpc.send(ACCOUNTS_USER_PASSWORD_VERIFY, { userId: 'user_nobody', password: 'anything' })),
      ).resolves.toBeInstanceOf(ResourceNotFoundError);
    });
  });
});
