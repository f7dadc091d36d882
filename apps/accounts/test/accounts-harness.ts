import { bootApp, connectTestRpc, startTestInfrastructure, type TestInfrastructure } from '@tessera/testing';
import type { RpcClient } from '@tessera/nats';
import { Client } from 'pg';
import { accountsApp } from '../src/accounts.app';

export interface AccountsHarness {
  infra: TestInfrastructure;
  /** Calls the accounts service over NATS the way peers and the gateway do. */
  rpc: RpcClient;
  /** A direct connection to the test database, to look at what was stored. */
  db: Client;
  /**
   * Boots another replica on the same NATS and database (queue group: they share the load), with the harness's
   * environment or the one given.
   */
  startReplica(env?: Record<string, string>): Promise<{ close(): Promise<void> }>;
  /** Stops the replica booted first, so that only later ones answer. */
  closeFirstReplica(): Promise<void>;
  close(): Promise<void>;
}

/** The accounts service booted in-process on a private NATS server and a fresh database. */
export async function startAccounts(env: Record<string, string> = {}): Promise<AccountsHarness> {
  const infra = await startTestInfrastructure();
  const replicas = [await bootApp(accountsApp, infra.env(env))];
  const client = await connectTestRpc(infra.nats.url, 10_000);
  const db = new Client({ connectionString: infra.database.url });
  await db.connect();
  return {
    infra,
    rpc: client.rpc,
    db,
    async startReplica(replicaEnv = env) {
      const replica = await bootApp(accountsApp, infra.env(replicaEnv));
      replicas.push(replica);
      return replica;
    },
    async closeFirstReplica() {
      await replicas[0].close();
    },
    async close() {
      await client.close();
      await db.end();
      for (const replica of replicas) await replica.close().catch(() => undefined);
      await infra.teardown();
    },
  };
}

/** The error a promise rejects with (or fails the test when it resolves). */
export async function rejectionOf(promise: Promise<unknown>): Promise<Error & { code?: string; param?: string }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { code?: string; param?: string };
  }
  throw new Error('expected the promise to reject');
}

let counter = 0;
/** A fresh, unique email address for a test. */
export const uniqueEmail = (name = 'user') => `${name}.${Date.now().toString(36)}.${++counter}@example.com`;
