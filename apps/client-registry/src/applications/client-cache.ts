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
 * (ClientCacheInvalidation, milliseconds), or at the latest CLIENT_CACHE_TTL_MS later if the stream is
 * unreachable. Only the secret's SHA-256 is held, as in the database.
 */
export class ClientCache {
  private readonly entries = new Map<string, { client: CachedClient; expiresAt: number }>();

  constructor(
    private readonly ttlMs = CLIENT_CACHE_TTL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  get(clientId: string): CachedClient | undefined {
    const entry = this.entries.get(clientId);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(clientId);
      return undefined;
    }
    return entry.client;
  }

  set(client: CachedClient): void {
    if (this.ttlMs <= 0) return;
    const { clientId } = client.view;
    this.entries.delete(clientId);
    // Maps iterate in insertion order: the first key is the oldest entry.
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(clientId, { client, expiresAt: this.now() + this.ttlMs });
  }

  invalidate(clientId: string): void {
    this.entries.delete(clientId);
  }
}
