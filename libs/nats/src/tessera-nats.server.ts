import { ServerNats, type NatsOptions } from '@nestjs/microservices';
import { InvalidRequestError, toErrorEnvelope } from '@tessera/contracts';
import type { Logger } from '@tessera/logging';
import type { Msg } from 'nats';
import { natsConnectionOptions } from './nats-connection';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Nest's NATS server, hardened at the edge: a message that is not a well-formed request packet (bad JSON, no
 * pattern or id) gets an `invalid_request` reply instead of an unhandled rejection that would kill the process.
 * Each service subscribes in a queue group named after itself, so replicas share the load.
 */
export class TesseraNatsServer extends ServerNats {
  constructor(
    options: { url: string; queue: string; connectionName: string },
    private readonly log: Logger,
  ) {
    super({
      ...natsConnectionOptions(options.url, options.connectionName),
      queue: options.queue,
      gracefulShutdown: true,
      gracePeriod: 500,
    } as NonNullable<NatsOptions['options']>);
  }

  override async handleMessage(channel: string, natsMsg: Msg): Promise<void> {
    if (!isRequestPacket(natsMsg.data)) {
      this.log.warn({ subject: natsMsg.subject }, 'malformed NATS request packet');
      if (natsMsg.reply) {
        const err = toErrorEnvelope(new InvalidRequestError('The message is not a valid request'));
        natsMsg.respond(encoder.encode(JSON.stringify({ err, isDisposed: true })));
      }
      return;
    }
    try {
      await super.handleMessage(channel, natsMsg);
    } catch (error) {
      this.log.error({ err: error, subject: natsMsg.subject }, 'NATS message handling failed');
    }
  }
}

function isRequestPacket(data: Uint8Array): boolean {
  try {
    const packet = JSON.parse(decoder.decode(data)) as unknown;
    return (
      typeof packet === 'object' &&
      packet !== null &&
      typeof (packet as { pattern?: unknown }).pattern === 'string' &&
      typeof (packet as { id?: unknown }).id === 'string'
    );
  } catch {
    return false;
  }
}
