import { InvalidScopeError } from '@tessera/contracts';

/**
 * RFC 6749 §6: the scope of a refresh request may narrow the original grant, never widen it; omitted, it is the
 * original scope. Like Clerk, a scope the client may no longer hold (removed from the application) is refused
 * rather than silently dropped. The result keeps the grant's order.
 */
export function checkRefreshScope(
  granted: readonly string[],
  requested: readonly string[] | undefined,
  clientScopes: readonly string[],
): string[] {
  const wanted = new Set(requested ?? granted);
  for (const scope of wanted) {
    if (!granted.includes(scope)) {
      throw new InvalidScopeError(`The requested scope "${scope}" was not part of the original grant`);
    }
    if (!clientScopes.includes(scope)) {
      throw new InvalidScopeError(`The client is no longer allowed the scope "${scope}"`);
    }
  }
  return granted.filter((scope) => wanted.has(scope));
}
