import { createLogger } from '@tessera/logging';
import { connectNats, RpcClient } from '@tessera/nats';

/** A typed RpcClient on its own connection, for tests that call a service over NATS the way peers do. */
export async function connectTestRpc(natsUrl: string, timeoutMs = 3000) {
  const connection = await connectNats(natsUrl, 'test-client');
  const rpc = new RpcClient(connection, timeoutMs, createLogger('test', 'silent'));
  return { rpc, connection, close: () => connection.drain() };
}
