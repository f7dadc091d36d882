import { Injectable } from '@nestjs/common';
import type { AuditLogEntry, EventActor, EventEnvelope, ValidRequestOf } from '@tessera/contracts';
import type { SqlWriter } from '@tessera/database';
import { DataSource } from 'typeorm';

type AuditLogFilter = ValidRequestOf<'accounts.audit_log.list.v1'>;

interface AuditLogRow {
  id: string;
  type: string;
  occurred_at: Date;
  actor: EventActor;
  aggregate_id: string;
  payload: Record<string, unknown>;
}

/** The audit log table: one row per event, written once whatever the number of deliveries. */
@Injectable()
export class AuditLogRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * One row per event, once (a redelivered event adds nothing), written through `writer` (see SqlWriter): one
   * statement for any number of events.
   */
  async record(writer: SqlWriter, events: EventEnvelope[]): Promise<void> {
    await writer.query(
      `INSERT INTO accounts.audit_log (id, type, occurred_at, actor, aggregate_id, user_id, client_id, payload)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::jsonb[], $5::text[], $6::text[],
                            $7::text[], $8::jsonb[])
       ON CONFLICT (id) DO NOTHING`,
      [
        events.map((event) => event.id),
        events.map((event) => event.type),
        events.map((event) => event.occurredAt),
        events.map((event) => JSON.stringify(event.actor)),
        events.map((event) => event.aggregateId),
        events.map((event) => stringField(event.payload, 'userId')),
        events.map((event) => stringField(event.payload, 'clientId')),
        events.map((event) => JSON.stringify(event.payload)),
      ],
    );
  }

  /** A page of entries, newest first, and how many match in all. */
  async list(filter: AuditLogFilter): Promise<{ data: AuditLogEntry[]; totalCount: number }> {
    const conditions: string[] = [];
    const params: unknown[] = [];
    const where = (condition: (placeholder: string) => string, value: unknown) => {
      params.push(value);
      conditions.push(condition(`$${params.length}`));
    };
    if (filter.types) where((p) => `type = ANY(${p})`, filter.types);
    if (filter.userId !== undefined) where((p) => `user_id = ${p}`, filter.userId);
    if (filter.clientId !== undefined) where((p) => `client_id = ${p}`, filter.clientId);
    if (filter.since !== undefined) where((p) => `occurred_at >= ${p}`, new Date(filter.since));
    if (filter.until !== undefined) where((p) => `occurred_at < ${p}`, new Date(filter.until));
    const clause = conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
    // One snapshot for the page and the count, so that an entry committed between the two reads cannot make the
    // total disagree with the page (the relay writes new entries all the time).
    const { rows, count } = await this.dataSource.transaction('REPEATABLE READ', async (manager) => {
      const page = await manager.query<AuditLogRow[]>(
        `SELECT id, type, occurred_at, actor, aggregate_id, payload FROM accounts.audit_log ${clause}
          ORDER BY occurred_at DESC, seq DESC
          LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
        [...params, filter.limit, filter.offset],
      );
      const [total] = await manager.query<Array<{ count: number }>>(
        `SELECT count(*)::int AS count FROM accounts.audit_log ${clause}`,
        params,
      );
      return { rows: page, count: total.count };
    });
    return { data: rows.map(toEntry), totalCount: count };
  }
}

function stringField(payload: Record<string, unknown>, key: string): string | null {
  const value = payload[key];
  return typeof value === 'string' ? value : null;
}

const toEntry = (row: AuditLogRow): AuditLogEntry => ({
  id: row.id,
  type: row.type,
  occurredAt: row.occurred_at.getTime(),
  actor: row.actor,
  aggregateId: row.aggregate_id,
  payload: row.payload,
});
