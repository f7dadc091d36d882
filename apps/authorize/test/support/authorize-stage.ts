import type { RpcClient } from '@tessera/nats';
import { bootApp, connectTestRpc, startTestInfrastructure, type TestInfrastructure } from '@tessera/testing';
import { authorizeApp } from '../../src/authorize.app';
import { startFakePeers } from './fake-peers';

/** The authorize service on fresh infrastructure beside its fake peers, and an RPC client that reaches it. */
export interface AuthorizeStage {
  infra: TestInfrastructure;
  rpc: RpcClient;
  /** Stops the client, the service, the peers and the infrastructure, in that order. */
  close(): Promise<void>;
}

/** `env`: the service's settings beyond the infrastructure's (see TestInfrastructure.env). */
export async function startAuthorizeStage(env?: Record<string, string>): Promise<AuthorizeStage> {
  const infra = await startTestInfrastructure();
  // Each piece that started is stopped again if a later one fails, so a failed start leaves nothing running.
  const started: Array<() => Promise<unknown>> = [() => infra.teardown()];
  const close = async () => {
    for (const stop of started.splice(0).reverse()) await stop();
  };
  try {
    const fakePeers = await startFakePeers(infra.nats.url);
    started.push(() => fakePeers.close());
    const service = await bootApp(authorizeApp, infra.env(env));
    started.push(() => service.close());
    const { rpc, close: closeRpc } = await connectTestRpc(infra.nats.url);
    started.push(closeRpc);
    return { infra, rpc, close };
  } catch (error) {
    await close();
    throw error;
  }
}
