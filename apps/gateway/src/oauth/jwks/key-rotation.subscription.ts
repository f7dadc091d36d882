import { eventCatalog } from '@tessera/contracts';
import { Events, type NatsConnection } from 'nats';

/** The subject the token service's outbox relay publishes `signing_key.rotated` on. */
export const KEY_ROTATED_SUBJECT = eventCatalog['signing_key.rotated'].subject;

export interface KeyRotationSubscription {
  close(): Promise<void>;
}

/**
 * Calls `onRotated` when any token-service replica activates a new signing key, and when this process's NATS
 * connection comes back after an outage (a rotation may have been announced meanwhile).
 *
 * Why a plain core-NATS subscription to the event's subject rather than a JetStream consumer: every gateway
 * replica must see every rotation, which rules out the shared durable consumer of libs/events (each event goes to
 * one replica). An ordered (ephemeral) JetStream consumer per replica would work, but it costs server-side state
 * per process and buys only the replay of rotations missed while disconnected — and for a cache of a single
 * document, treating the reconnect itself as a rotation does the same. The relay's JetStream publish is an
 * ordinary NATS message on the subject, so core subscribers receive it at no cost. What is left unguarded (a
 * message dropped on a live connection) costs at most JWKS_CACHE_SECONDS of staleness, as before events existed;
 * a duplicate (a relay retry) only drops the cache twice.
 */
export function subscribeToKeyRotations(connection: NatsConnection, onRotated: () => void): KeyRotationSubscription {
  const subscription = connection.subscribe(KEY_ROTATED_SUBJECT, { callback: () => onRotated() });
  const statuses = connection.status();
  const watching = (async () => {
    for await (const status of statuses) if (status.type === Events.Reconnect) onRotated();
  })();
  return {
    async close() {
      subscription.unsubscribe();
      // The status iterator ends by itself when the connection closes; stop it now if it can be stopped.
      (statuses as { stop?: () => void }).stop?.();
      await watching;
    },
  };
}
