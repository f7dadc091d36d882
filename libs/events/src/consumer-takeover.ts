import { EVENT_STREAM } from '@tessera/contracts';
import { DeliverPolicy, type ConsumerConfig, type JetStreamManager } from 'nats';

/**
 * Where a durable consumer that replaces others starts: right after the lowest point the replaced ones had
 * acknowledged, so that nothing one of them still owed is skipped. Events between their positions come again to
 * the new consumer (its handling must be idempotent, as every consumer's is). Without any of them left (a new
 * deployment, or the takeover done already), the consumer's own policy: the whole stream.
 */
export async function takeoverStart(
  jsm: JetStreamManager,
  replaced: readonly string[],
): Promise<Pick<ConsumerConfig, 'deliver_policy' | 'opt_start_seq'>> {
  const floors: number[] = [];
  for (const name of replaced) {
    // Only "not found" means it is gone: any other failure must not make the new consumer start from scratch.
    const info = await jsm.consumers.info(EVENT_STREAM, name).catch((error: unknown) => {
      if (isNotFound(error)) return null;
      throw error;
    });
    if (info) floors.push(info.ack_floor.stream_seq);
  }
  if (floors.length === 0) return { deliver_policy: DeliverPolicy.All };
  return { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: Math.min(...floors) + 1 };
}

/** Deletes the replaced consumers once their successor exists; gone already (another replica did it) is fine. */
export async function retireReplaced(jsm: JetStreamManager, replaced: readonly string[]): Promise<void> {
  for (const name of replaced) await jsm.consumers.delete(EVENT_STREAM, name).catch(() => false);
}

/** JetStream's answer for a consumer (or stream) that does not exist: API error 404. */
const isNotFound = (error: unknown) => (error as { api_error?: { code?: number } }).api_error?.code === 404;
