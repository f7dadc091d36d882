import { z } from 'zod';

const userRef = { userId: z.string() };
const clientRef = { clientId: z.string() };
const scopes = z.array(z.string());

/**
 * Every domain event Tessera publishes: its type (as in the audit log and webhooks), its subject, and its payload.
 * Payloads name what changed and never carry a secret, a token or a password.
 */
export const eventCatalog = {
  'user.created': { subject: 'events.accounts.user.created.v1', payload: z.object(userRef) },
  'user.updated': { subject: 'events.accounts.user.updated.v1', payload: z.object(userRef) },
  'user.deleted': { subject: 'events.accounts.user.deleted.v1', payload: z.object(userRef) },
  'organization.created': {
    subject: 'events.accounts.organization.created.v1',
    payload: z.object({ organizationId: z.string() }),
  },
  'organization.updated': {
    subject: 'events.accounts.organization.updated.v1',
    payload: z.object({ organizationId: z.string() }),
  },
  'organization.deleted': {
    subject: 'events.accounts.organization.deleted.v1',
    payload: z.object({ organizationId: z.string() }),
  },
  'membership.created': {
    subject: 'events.accounts.membership.created.v1',
    payload: z.object({ organizationId: z.string(), ...userRef, role: z.string() }),
  },
  /** A member's role changed; a role set to what it already was is no change and has no event. */
  'membership.updated': {
    subject: 'events.accounts.membership.updated.v1',
    payload: z.object({ organizationId: z.string(), ...userRef, role: z.string(), previousRole: z.string() }),
  },
  'membership.deleted': {
    subject: 'events.accounts.membership.deleted.v1',
    payload: z.object({ organizationId: z.string(), ...userRef }),
  },
  'oauth_application.created': {
    subject: 'events.registry.oauth_application.created.v1',
    payload: z.object({ applicationId: z.string(), ...clientRef }),
  },
  'oauth_application.updated': {
    subject: 'events.registry.oauth_application.updated.v1',
    payload: z.object({ applicationId: z.string(), ...clientRef }),
  },
  'oauth_application.deleted': {
    subject: 'events.registry.oauth_application.deleted.v1',
    payload: z.object({ applicationId: z.string(), ...clientRef }),
  },
  'oauth_application.secret_rotated': {
    subject: 'events.registry.oauth_application.secret_rotated.v1',
    payload: z.object({ applicationId: z.string(), ...clientRef }),
  },
  'session.created': { subject: 'events.authorize.session.created.v1', payload: z.object({ ...userRef }) },
  'session.ended': { subject: 'events.authorize.session.ended.v1', payload: z.object({ ...userRef }) },
  'sign_in.failed': {
    subject: 'events.authorize.sign_in.failed.v1',
    payload: z.object({ reason: z.enum(['invalid_credentials', 'throttled']), sourceIp: z.string().nullable() }),
  },
  'oauth_authorization.granted': {
    subject: 'events.authorize.oauth_authorization.granted.v1',
    payload: z.object({ ...userRef, ...clientRef, scopes }),
  },
  'oauth_authorization.denied': {
    subject: 'events.authorize.oauth_authorization.denied.v1',
    payload: z.object({ ...userRef, ...clientRef, scopes }),
  },
  'oauth_authorization.revoked': {
    subject: 'events.authorize.oauth_authorization.revoked.v1',
    payload: z.object({ ...userRef, ...clientRef }),
  },
  'oauth_token.created': {
    subject: 'events.token.oauth_token.created.v1',
    payload: z.object({ grantId: z.string(), ...userRef, ...clientRef, scopes, grantType: z.string() }),
  },
  'oauth_token.refreshed': {
    subject: 'events.token.oauth_token.refreshed.v1',
    payload: z.object({ grantId: z.string(), ...userRef, ...clientRef }),
  },
  'oauth_token.revoked': {
    subject: 'events.token.oauth_token.revoked.v1',
    payload: z.object({ grantId: z.string(), ...userRef, ...clientRef, reason: z.string() }),
  },
  'oauth_token.reuse_detected': {
    subject: 'events.token.oauth_token.reuse_detected.v1',
    payload: z.object({ grantId: z.string(), ...userRef, ...clientRef, artifact: z.enum(['code', 'refresh_token']) }),
  },
  'signing_key.rotated': {
    subject: 'events.token.signing_key.rotated.v1',
    payload: z.object({ kid: z.string(), alg: z.string() }),
  },
} as const;

export type EventCatalog = typeof eventCatalog;
export type EventType = keyof EventCatalog;
export type EventPayloadOf<T extends EventType> = z.input<EventCatalog[T]['payload']>;
export const EVENT_TYPES = Object.keys(eventCatalog) as EventType[];

/** The type of the event published on a subject, for consumers that filter by subject. */
export const eventTypeBySubject: ReadonlyMap<string, EventType> = new Map(
  EVENT_TYPES.map((type) => [eventCatalog[type].subject, type]),
);
