import type { EventActor } from './event-envelope';

/** The admin API (/v1, one key): it has no admin identities, so its events name no one. */
export const ADMIN_ACTOR: EventActor = { type: 'admin', id: null };
