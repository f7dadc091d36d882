import type { EventActor } from '@tessera/contracts';

/** Tessera itself: a detection, a cascade of another change, or a caller over NATS that names nobody. */
export const SYSTEM_ACTOR: EventActor = { type: 'system', id: null };

/** The admin API (one key, no admin identities). */
export const ADMIN_ACTOR: EventActor = { type: 'admin', id: null };

/** An OAuth client acting at /oauth/token or /oauth/token/revoke (after the gateway authenticated it). */
export const clientActor = (clientId: string): EventActor => ({ type: 'client', id: clientId });
