import { ExpiringMap } from '@tessera/caching';
import type { ClientView } from '@tessera/contracts';

/** A client as the hot paths need it: its view, and the hash of its secret for authentication. */
export interface CachedClient {
  view: ClientView;
  secretHash: string | null;
}

/**
 * How long a looked-up client is served from memory. Other replicas learn of a change from its event within
 * moments; this bound is the safety net for when the event stream is unreachable.
 */
export const CLIENT_CACHE_TTL_MS = 5_000;
const MAX_ENTRIES = 10_000;

/**
 * An in-process cache of clients by client_id, for the hot lookups: authorize checks, and client authentication
 * on every token, introspection and revocation request. The replica that changes an application (a secret
 * rotation, a deletion) invalidates its entry at once; the others when the change's event reaches them
 * (clientChangeListener in the registry's module, milliseconds), or at the latest CLIENT_CACHE_TTL_MS later if
 * the stream is unreachable. Only the secret's SHA-256 is held, as in the database.
 */
export class ClientCache {
  private readonly entries: ExpiringMap<string, CachedClient>;

  constructor(
    private readonly ttlMs = CLIENT_CACHE_TTL_MS,
    private readonly now: () => number = Date.now,
  ) {
    this.entries = new ExpiringMap(MAX_ENTRIES, now);
  }

  get(clientId: string): CachedClient | undefined {
    return this.entries.get(clientId);
  }

  set(client: CachedClient): void {
    this.entries.set(client.view.clientId, client, this.now() + this.ttlMs);
  }

  invalidate(clientId: string): void {
    this.entries.delete(clientId);
  }
}
