import { z } from 'zod';
import { requestContract } from '../contract';
import { EVENT_TYPES, type EventType } from '../events/event-catalog';
import { eventActorSchema } from '../events/event-envelope';
import { pageOf, paginationFields } from './metadata';

/*
 * The audit log (`GET /v1/audit_log`): every domain event Tessera published, as the accounts service recorded
 * it from the event stream. Newest first.
 */

export const eventTypeSchema = z.enum(EVENT_TYPES as [EventType, ...EventType[]]);

export const auditLogEntrySchema = z.object({
  /** The event's id (its JetStream message id). */
  id: z.string().uuid(),
  type: z.string(),
  /** Unix milliseconds. */
  occurredAt: z.number().int(),
  actor: eventActorSchema,
  aggregateId: z.string(),
  /** The event's payload exactly as published (see docs/events.md). */
  payload: z.record(z.unknown()),
});
export type AuditLogEntry = z.infer<typeof auditLogEntrySchema>;

export const listAuditLogRequest = z
  .object({
    ...paginationFields,
    /** Only these event types. */
    types: z.array(eventTypeSchema).min(1).max(50).optional(),
    /** Only events about this user (the payload's `userId`). */
    userId: z.string().min(1).max(256).optional(),
    /** Only events about this client (the payload's `clientId`). */
    clientId: z.string().min(1).max(256).optional(),
    /** Unix milliseconds: events that occurred at or after it. */
    since: z.number().int().min(0).optional(),
    /** Unix milliseconds: events that occurred before it. */
    until: z.number().int().min(0).optional(),
  })
  .strict();
export const listAuditLogContract = requestContract(listAuditLogRequest, pageOf(auditLogEntrySchema));
