/**
 * Whether a value holds U+0000 in any string or member name. No Tessera value may: OAuth parameters are printable
 * characters (RFC 6749 Appendix A), and Postgres text and jsonb cannot store it at all (a NUL that reached a
 * query failed there as a 500). The gateway refuses it in HTTP input, every NATS handler in its payload.
 *
 * Walks without recursion: a 64 KiB JSON body can nest deeper than the call stack.
 */
export function holdsNul(root: unknown): boolean {
  const pending: unknown[] = [root];
  while (pending.length) {
    const value = pending.pop();
    if (typeof value === 'string') {
      if (value.includes('\u0000')) return true;
    } else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        if (key.includes('\u0000')) return true;
        pending.push(item);
      }
    }
  }
  return false;
}
