/**
 * A bounded in-process map whose entries expire: the building block of the services' hot-path caches (clients,
 * verified tokens). Each entry carries its own expiry; a read past it misses and drops the entry. When full, the
 * oldest entry goes first (a Map iterates in insertion order and `set` re-inserts), which for short-lived entries
 * is close enough to LRU without its bookkeeping. `now` is injectable for tests.
 */
export class ExpiringMap<K, V> {
  private readonly entries = new Map<K, { value: V; expiresAt: number }>();

  constructor(
    private readonly maxEntries: number,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  /** Keeps `value` until `expiresAt` (milliseconds, the clock of `now`); an expiry not in the future stores nothing. */
  set(key: K, value: V, expiresAt: number): void {
    this.entries.delete(key);
    if (expiresAt <= this.now() || this.maxEntries <= 0) return;
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as K);
    this.entries.set(key, { value, expiresAt });
  }

  delete(key: K): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}
