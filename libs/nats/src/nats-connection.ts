import { connect, type ConnectionOptions, type NatsConnection } from 'nats';
import { coalesceWritesPerTurn } from './write-coalescing';

/**
 * Connection settings shared by the request client and the Nest server: reconnect forever (a NATS restart
 * must not need a Tessera restart), quickly, and name the connection after the process for `nats server report`.
 * No async traces: by default nats.js builds two `Error`s with stack traces per request, only to append the
 * caller's stack to a timeout's — profiling showed them at 3–7 % of a caller's time, and our logs record a NATS
 * failure by its code and subject, never its stack.
 */
export function natsConnectionOptions(url: string, name: string): ConnectionOptions {
  return {
    servers: url.split(','),
    name,
    maxReconnectAttempts: -1,
    reconnectTimeWait: 250,
    reconnectJitter: 100,
    pingInterval: 10_000,
    waitOnFirstConnect: false,
    noAsyncTraces: true,
  };
}

/** A connection with these settings that writes once per event-loop turn (see coalesceWritesPerTurn). */
export async function connectNats(url: string, name: string): Promise<NatsConnection> {
  const connection = await connect(natsConnectionOptions(url, name));
  coalesceWritesPerTurn(connection);
  return connection;
}
