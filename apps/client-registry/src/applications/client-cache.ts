import type { ClientView } from '@tessera/contracts';

/**
 * How long a looked-up client is served from memory. Other replicas learn of a change from its event within
 * moments; this bound is the safety net for when the event stream is unreachable.
 */
export const CLIENT_CACHE_TTL_MS = 5_000;
const MAX_ENTRIES = 10_000;

/**
 * An in-process cache of client views by client_id, for the hot lookups (authorize checks, token requests).
 * The replica that changes an application invalidates its entry at once; the others when the change's event
 * reaches them (ClientCacheInvalidation), or at the latest CLIENT_CACHE_TTL_MS later if the stream is unreachable.
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
