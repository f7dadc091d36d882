import type { NatsConnection } from 'nats';

/** The part of nats.js's ProtocolHandler (2.x) this file relies on; checked at run time, not trusted. */
interface OutboundProtocol {
  flushPending(): void;
  close(): Promise<void>;
  outbound: { size(): number };
  pendingLimit: number;
}

/**
 * Makes a connection write what was published once per event-loop turn instead of once per microtask queue.
 *
 * nats.js flushes its outbound buffer in a microtask after the first publish. Requests that arrive on separate
 * sockets (the gateway's HTTP connections) or replies finished in separate I/O callbacks therefore each cost
 * their own `write` system call, and the profiles of every process showed those writes as the largest single
 * frame (20–30 % of busy time). Deferring the flush to `setImmediate` (the check phase, right after the poll
 * phase that delivered the work) lets everything published during one turn leave in one write. A message waits
 * at most for the rest of the current turn; past nats.js's own threshold (32 KiB pending) it still flushes at
 * once, so the buffer stays bounded.
 *
 * `close()` writes what is still waiting before it closes the socket, as the microtask flush did. The
 * ProtocolHandler survives reconnects (only its transport is replaced), so this holds for the connection's life.
 * Should a future nats.js lack these members, the connection is left exactly as it was.
 */
export function coalesceWritesPerTurn(connection: NatsConnection): void {
  const protocol = (connection as unknown as { protocol?: Partial<OutboundProtocol> }).protocol;
  if (!isOutboundProtocol(protocol)) return;
  const write = protocol.flushPending.bind(protocol);
  const close = protocol.close.bind(protocol);
  let scheduled: NodeJS.Immediate | undefined;
  const flushNow = () => {
    if (scheduled) clearImmediate(scheduled);
    scheduled = undefined;
    write();
  };
  protocol.flushPending = () => {
    if (protocol.outbound.size() >= protocol.pendingLimit) flushNow();
    else scheduled ??= setImmediate(flushNow);
  };
  protocol.close = () => {
    flushNow();
    return close();
  };
}

function isOutboundProtocol(protocol: Partial<OutboundProtocol> | undefined): protocol is OutboundProtocol {
  return (
    typeof protocol?.flushPending === 'function' &&
    typeof protocol.close === 'function' &&
    typeof protocol.outbound?.size === 'function' &&
    typeof protocol.pendingLimit === 'number'
  );
}
