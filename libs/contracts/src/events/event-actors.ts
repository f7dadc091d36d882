import type { EventActor } from './event-envelope';

/** The admin API (/v1, one key): it has no admin identities, so its events name no one. */
export const ADMIN_ACTOR: EventActor = { type: 'admin', id: null };

/** Tessera itself: a detection, a cascade of another change, or a caller over NATS that names nobody. */
export const SYSTEM_ACTOR: EventActor = { type: 'system', id: null };

/** An OAuth client acting on its own behalf (a token request, a revocation, a dynamic registration). */
export const clientActor = (clientId: string): EventActor => ({ type: 'client', id: clientId });
