import { PING_SUBJECTS, type ServiceName } from '@tessera/contracts';
import type { RpcClient } from '@tessera/nats';

/** Pings every service over NATS: the operator's (and the smoke test's) view of the whole system. */
export async function serviceStatus(rpc: RpcClient): Promise<Record<string, unknown>> {
  const entries = await Promise.all(
    (Object.keys(PING_SUBJECTS) as ServiceName[]).map(async (service) => {
      const started = Date.now();
      try {
        const pong = await rpc.send(PING_SUBJECTS[service], {}, { timeoutMs: 1000 });
        return [service, { status: 'up', pid: pong.pid, latencyMs: Date.now() - started }] as const;
      } catch (error) {
        return [
          service,
          {
            status: 'down',
            reason: error instanceof Error ? error.message : 'unknown',
          },
        ] as const;
      }
    }),
  );
  return Object.fromEntries(entries);
}
