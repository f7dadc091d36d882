import type { ClientView } from '@tessera/contracts';

/** How long a looked-up client is served from memory. Short: other replicas learn of changes only by expiry. */
export const CLIENT_CACHE_TTL_MS = 5_000;
const MAX_ENTRIES = 10_000;

/**
 * An in-process cache of client views by client_id, for the hot lookups (authorize checks, token requests).
 * This replica invalidates an entry as soon as it changes the application; other replicas serve it for at most
 * CLIENT_CACHE_TTL_MS longer (event-driven invalidation across replicas waits for the event stream, issue 8).
 * Client secrets are never cached: authentication always reads the database.
 */
export class ClientCache {
  private readonly entries = new Map<string, { view: ClientView; expiresAt: number }>();

  constructor(
    private readonly ttlMs = CLIENT_CACHE_TTL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  get(clientId: string): ClientView | undefined {
    const entry = this.entries.get(clientId);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(clientId);
      return undefined;
    }
    return entry.view;
  }

  set(view: ClientView): void {
    if (this.ttlMs <= 0) return;
    this.entries.delete(view.clientId);
    // Maps iterate in insertion order: the first key is the oldest entry.
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(view.clientId, { view, expiresAt: this.now() + this.ttlMs });
  }

  invalidate(clientId: string): void {
    this.entries.delete(clientId);
  }
}
