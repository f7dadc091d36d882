import type { ClientView } from '@tessera/contracts';
import type { AuthorizeRequest } from '../authorize-request/authorize-request';

/**
 * A sign-in interaction: one browser's way through the hosted pages, from the authorization request to the code
 * (or, for the account pages, from "please sign in" back to the page). It is an explicit state machine whose
 * every transition checks its guard:
 *
 *   created ──signIn──▶ signed_in ──grantConsent──▶ consented ──issueCode──▶ code_issued
 *                           │
 *                           └──deny──▶ denied
 *
 * The functions below are pure; InteractionStore persists the result with a compare-and-set on the state, so
 * two submissions of one form cannot both advance it.
 */
/** What the pages show of the client and need to decide on consent, as it was when the request started. */
export type ClientSnapshot = Pick<
  ClientView,
  'clientId' | 'name' | 'logoUri' | 'clientUri' | 'consentScreenEnabled' | 'dynamicallyRegistered'
>;

export const snapshotOf = (client: ClientView): ClientSnapshot => ({
  clientId: client.clientId,
  name: client.name,
  logoUri: client.logoUri,
  clientUri: client.clientUri,
  consentScreenEnabled: client.consentScreenEnabled,
  dynamicallyRegistered: client.dynamicallyRegistered,
});

export type InteractionPurpose =
  | { kind: 'authorize'; request: AuthorizeRequest; client: ClientSnapshot }
  /** Signing in to the account pages; `returnTo` is a path on the issuer. */
  | { kind: 'account'; returnTo: string };

interface InteractionBase {
  id: string;
  purpose: InteractionPurpose;
  /**
   * sha256 of the `tessera_csrf` cookie of the browser that started it: other browsers cannot use it. The forms'
   * CSRF token is not stored: it is derived from that cookie (csrf/csrf-tokens.ts).
   */
  browserBindingHash: string;
  /** Unix seconds. */
  createdAt: number;
}

export interface SignedInUser {
  userId: string;
  /** Unix seconds of the authentication this interaction relies on (the ID token's auth_time). */
  authTime: number;
}

export interface GrantedConsent {
  consentId: string;
  scopes: string[];
  organizationId?: string;
}

export type CreatedInteraction = InteractionBase & { state: 'created' };
export type SignedInInteraction = InteractionBase & { state: 'signed_in'; user: SignedInUser };
export type ConsentedInteraction = InteractionBase & {
  state: 'consented';
  user: SignedInUser;
  consent: GrantedConsent;
};
export type CodeIssuedInteraction = InteractionBase & {
  state: 'code_issued';
  user: SignedInUser;
  consent: GrantedConsent;
};
export type DeniedInteraction = InteractionBase & { state: 'denied'; user: SignedInUser };

export type Interaction =
  CreatedInteraction | SignedInInteraction | ConsentedInteraction | CodeIssuedInteraction | DeniedInteraction;
export type InteractionState = Interaction['state'];

/** A transition attempted from the wrong state, or against its guard. Never shown raw: see InteractionService. */
export class InteractionTransitionError extends Error {
  constructor(
    readonly from: InteractionState,
    readonly transition: string,
    reason = `cannot ${transition} from state "${from}"`,
  ) {
    super(reason);
    this.name = 'InteractionTransitionError';
  }
}

export function createInteraction(input: Omit<InteractionBase, 'createdAt'>, now: number): CreatedInteraction {
  return { ...input, createdAt: now, state: 'created' };
}

/** created → signed_in: the user proved who they are (or already had a session that satisfies the request). */
export function signIn(interaction: Interaction, user: SignedInUser): SignedInInteraction {
  if (interaction.state !== 'created') throw new InteractionTransitionError(interaction.state, 'signIn');
  return { ...interaction, state: 'signed_in', user };
}

/** signed_in → consented: only for an authorization request, and only for scopes it asked for. */
export function grantConsent(interaction: Interaction, consent: GrantedConsent): ConsentedInteraction {
  if (interaction.state !== 'signed_in') throw new InteractionTransitionError(interaction.state, 'grantConsent');
  const { purpose } = interaction;
  if (purpose.kind !== 'authorize') {
    throw new InteractionTransitionError(
      interaction.state,
      'grantConsent',
      'an account sign-in has nothing to consent to',
    );
  }
  const unrequested = consent.scopes.filter((scope) => !purpose.request.scopes.includes(scope));
  if (unrequested.length > 0) {
    throw new InteractionTransitionError(
      interaction.state,
      'grantConsent',
      `consent names scopes the request did not ask for: ${unrequested.join(' ')}`,
    );
  }
  return { ...interaction, state: 'consented', consent };
}

/** consented → code_issued: terminal; a second attempt fails, so one interaction yields at most one code. */
export function issueCode(interaction: Interaction): CodeIssuedInteraction {
  if (interaction.state !== 'consented') throw new InteractionTransitionError(interaction.state, 'issueCode');
  return { ...interaction, state: 'code_issued' };
}

/** signed_in → denied: the user pressed Deny; terminal. */
export function deny(interaction: Interaction): DeniedInteraction {
  if (interaction.state !== 'signed_in') throw new InteractionTransitionError(interaction.state, 'deny');
  return { ...interaction, state: 'denied' };
}

/** The interaction's authorization request; account sign-ins have none. */
export function authorizeRequestOf(interaction: Interaction): AuthorizeRequest | undefined {
  return interaction.purpose.kind === 'authorize' ? interaction.purpose.request : undefined;
}
