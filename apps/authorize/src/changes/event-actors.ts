import type { EventActor } from '@tessera/contracts';

/** Someone at the sign-in page whose identity is not established (a failed or throttled attempt). */
export const UNKNOWN_USER_ACTOR: EventActor = { type: 'user', id: null };

/** A signed-in user acting in their own browser (sign-in, consent, sign-out, the account page). */
export const userActor = (userId: string): EventActor => ({ type: 'user', id: userId });
