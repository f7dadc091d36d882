import { startAccounts, type AccountsHarness } from './accounts-harness';

describe('accounts schema', () => {
  let accounts: AccountsHarness;

  beforeAll(async () => {
    accounts = await startAccounts();
  });

  afterAll(async () => {
    await accounts?.close();
  });

  it('keeps every table in the accounts schema', async () => {
    const { rows } = await accounts.db.query(
      `SELECT table_schema, table_name FROM information_schema.tables
        WHERE table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY table_name`,
    );
    expect(rows).toEqual([
      { table_schema: 'accounts', table_name: 'audit_log' },
      { table_schema: 'accounts', table_name: 'email_addresses' },
      { table_schema: 'accounts', table_name: 'migrations' },
      { table_schema: 'accounts', table_name: 'organization_memberships' },
      { table_schema: 'accounts', table_name: 'organizations' },
      { table_schema: 'accounts', table_name: 'outbox' },
      { table_schema: 'accounts', table_name: 'users' },
      { table_schema: 'accounts', table_name: 'webhook_deliveries' },
      { table_schema: 'accounts', table_name: 'webhook_endpoints' },
    ]);
  });

  it('applies its migrations once, however many replicas start together', async () => {
    const replicas = await Promise.all([accounts.startReplica(), accounts.startReplica()]);
    await Promise.all(replicas.map((replica) => replica.close()));
    const { rows } = await accounts.db.query('SELECT name FROM accounts.migrations ORDER BY id');
    expect(rows).toEqual([
      { name: 'Accounts1764200000000' },
      { name: 'Outboxaccounts1764500000000' },
      { name: 'AuditLog1764500000001' },
      { name: 'Webhooks1764500000002' },
    ]);
  });

  it('enforces case-insensitive uniqueness in the database itself', async () => {
    await accounts.db.query(`INSERT INTO accounts.users (id) VALUES ('user_a'), ('user_b')`);
    await accounts.db.query(
      `INSERT INTO accounts.email_addresses (id, user_id, email, verification_status)
       VALUES ('idn_a', 'user_a', 'same@example.com', 'verified')`,
    );
    await expect(
      accounts.db.query(
        `INSERT INTO accounts.email_addresses (id, user_id, email, verification_status)
         VALUES ('idn_b', 'user_b', 'SAME@example.com', 'verified')`,
      ),
    ).rejects.toThrow(/email = lower\(email\)|check constraint/);
    await expect(
      accounts.db.query(`UPDATE accounts.users SET username = 'MixedCase' WHERE id = 'user_a'`),
    ).rejects.toThrow(/check constraint/);
    await accounts.db.query(`DELETE FROM accounts.users WHERE id IN ('user_a', 'user_b')`);
  });
});
