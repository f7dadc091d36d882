import type { AuditLogEntry } from '@tessera/contracts';

/**
 * An audit log entry as /v1/audit_log answers it: snake_case like the rest of the admin API, timestamps in Unix
 * milliseconds. `payload` is the event's payload exactly as published (docs/events.md), so one description of
 * each event serves the stream, webhooks and this log.
 */
export const toAuditLogEntry = (entry: AuditLogEntry) => ({
  object: 'audit_log_entry' as const,
  id: entry.id,
  type: entry.type,
  occurred_at: entry.occurredAt,
  actor: entry.actor,
  aggregate_id: entry.aggregateId,
  payload: entry.payload,
});
