/**
 * Whether a value holds U+0000 in any string or member name. No Tessera value may: OAuth parameters are printable
 * characters (RFC 6749 Appendix A), and Postgres text and jsonb cannot store it at all (a NUL that reached a
 * query failed there as a 500). The gateway refuses it in HTTP input, every NATS handler in its payload.
 *
 * Walks without recursion: a 64 KiB JSON body can nest deeper than the call stack. Runs on every HTTP request and
 * every NATS message, so it reads members in place (`for…in` over own keys) rather than through
 * `Object.entries`, whose array of pairs per object was most of its cost (0.6 against 1.2–1.3 µs for a
 * token_info request's parameters, query and body; 0.5 against 0.9–1.4 µs for a token service payload).
 */
export function holdsNul(root: unknown): boolean {
  const pending: unknown[] = [root];
  while (pending.length) {
    const value = pending.pop();
    if (typeof value === 'string') {
      if (value.includes('\u0000')) return true;
    } else if (Array.isArray(value)) {
      for (const item of value) pending.push(item);
    } else if (value !== null && typeof value === 'object') {
      for (const key in value) {
        if (!Object.hasOwn(value, key)) continue;
        if (key.includes('\u0000')) return true;
        pending.push((value as Record<string, unknown>)[key]);
      }
    }
  }
  return false;
}
