import { GroupedMemory } from '@tessera/caching';
import type { AuthorizationCheck, ValidRequestOf, REGISTRY_AUTHORIZATION_CHECK } from '@tessera/contracts';

type CheckRequest = ValidRequestOf<typeof REGISTRY_AUTHORIZATION_CHECK>;

/**
 * How long the registry's answer about a client is reused: the registry's own lookup cache's bound
 * (CLIENT_CACHE_TTL_MS in apps/client-registry), so that a change reaches an authorization request no later
 * through this cache than through the registry's.
 */
export const REMEMBERED_CHECK_TTL_MS = 5_000;
const MAX_CLIENTS = 10_000;
/** Distinct (redirect_uri, scope) pairs remembered per client; a client that sends more is asked about afresh. */
const MAX_CHECKS_PER_CLIENT = 16;

/**
 * The client registry's recent successful answers to `registry.authorization.check`, so that a returning user's
 * silent sign-in (W1 in docs/performance.md) skips that round trip. Only an answer the registry gave for the very
 * same client_id, redirect_uri and scope is reused; every refusal, and anything new, still goes to the registry,
 * which stays the only place that decides.
 *
 * Staleness is the registry's own: all of a client's answers are forgotten when any replica changes its
 * application (clientChangeListener in the module, within moments), and at the latest REMEMBERED_CHECK_TTL_MS after the
 * first of them was remembered, should the event stream be unreachable.
 */
export class RememberedChecks {
  /** By client_id: its answers by request, all expiring together. */
  private readonly clients: GroupedMemory<AuthorizationCheck>;

  constructor(ttlMs = REMEMBERED_CHECK_TTL_MS, now: () => number = Date.now) {
    this.clients = new GroupedMemory({ ttlMs, maxGroups: MAX_CLIENTS, maxPerGroup: MAX_CHECKS_PER_CLIENT }, now);
  }

  recall(request: CheckRequest): AuthorizationCheck | undefined {
    return this.clients.recall(request.clientId, requestKey(request))?.value;
  }

  /** Taken before asking the registry, and handed back to `remember` with its answer. */
  ticket(): number {
    return this.clients.ticket();
  }

  remember(request: CheckRequest, answer: AuthorizationCheck, ticket: number): void {
    this.clients.remember(request.clientId, requestKey(request), answer, ticket);
  }

  forget(clientId: string): void {
    this.clients.forget(clientId);
  }
}

/** Absent and empty parameters differ (an absent scope means the default one), so they get different keys. */
const requestKey = (request: CheckRequest) => JSON.stringify([request.redirectUri ?? null, request.scope ?? null]);
