import { ExpiringMap } from '@tessera/caching';
import type { ClientView } from '@tessera/contracts';
import { hash, timingSafeEqual } from 'node:crypto';
import type { PresentedCredentials } from './client-credentials';

/**
 * How long a successful authentication is remembered: the client registry's own lookup cache's bound
 * (CLIENT_CACHE_TTL_MS in apps/client-registry), so that a change reaches a client's callers no later through
 * this cache than through the registry's.
 */
export const AUTHENTICATED_CLIENT_TTL_MS = 5_000;
const MAX_ENTRIES = 10_000;

interface Remembered {
  view: ClientView;
  /** SHA-256 of the method and secret that succeeded (its base64url text's bytes); the secret is never held. */
  digest: Buffer;
}

/**
 * The clients this gateway authenticated in the last few seconds, so that a client's next token, introspection or
 * revocation request skips the round trip to the client registry: for W3 (token_info) that was one of its two
 * NATS hops. Only a success is remembered, and only for the same credentials: another secret, another method, or
 * an unknown client still goes to the registry, which stays the only place that decides.
 *
 * Staleness is the registry's own: a change made through this gateway's admin API forgets everything at once; one
 * made elsewhere arrives as its event within moments (clientChangeListener in the gateway's module); if the event
 * stream is unreachable, an entry lives AUTHENTICATED_CLIENT_TTL_MS at most. The registry's replicas cache clients
 * on exactly these terms.
 */
export class AuthenticatedClients {
  private readonly entries: ExpiringMap<string, Remembered>;

  constructor(
    private readonly ttlMs = AUTHENTICATED_CLIENT_TTL_MS,
    private readonly now: () => number = Date.now,
  ) {
    this.entries = new ExpiringMap(MAX_ENTRIES, now);
  }

  /** The client, if these very credentials authenticated it lately. */
  recall(credentials: PresentedCredentials): ClientView | undefined {
    const remembered = this.entries.get(credentials.clientId);
    if (!remembered) return undefined;
    // Both digests are 43 bytes of base64url text: equal lengths, as timingSafeEqual needs.
    return timingSafeEqual(remembered.digest, digestOf(credentials)) ? remembered.view : undefined;
  }

  remember(credentials: PresentedCredentials, view: ClientView): void {
    this.entries.set(credentials.clientId, { view, digest: digestOf(credentials) }, this.now() + this.ttlMs);
  }

  forget(clientId: string): void {
    this.entries.delete(clientId);
  }

  forgetAll(): void {
    this.entries.clear();
  }
}

/**
 * The one-shot `hash` to text, whose bytes are compared: half the cost of a Hash object's digest on every token and
 * introspection request.
 */
function digestOf(credentials: PresentedCredentials): Buffer {
  return Buffer.from(hash('sha256', `${credentials.method}\n${credentials.clientSecret ?? ''}`, 'base64url'), 'latin1');
}
