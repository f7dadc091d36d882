import { connect, type ConnectionOptions, type NatsConnection } from 'nats';

/**
 * Connection settings shared by the request client and the Nest server: reconnect forever (a NATS restart
 * must not need a Tessera restart), quickly, and name the connection after the process for `nats server report`.
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
  };
}

export const connectNats = (url: string, name: string): Promise<NatsConnection> =>
  connect(natsConnectionOptions(url, name));
