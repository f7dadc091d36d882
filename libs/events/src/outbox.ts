import {
  eventCatalog,
  eventEnvelopeSchema,
  type EventActor,
  type EventEnvelope,
  type EventPayloadOf,
  type EventType,
} from '@tessera/contracts';
import type { SqlWriter } from '@tessera/database';
import { randomUUID } from 'node:crypto';
import type { MigrationInterface, QueryRunner } from 'typeorm';

export interface NewEvent<T extends EventType> {
  type: T;
  actor: EventActor;
  aggregateId: string;
  payload: EventPayloadOf<T>;
}

/**
 * The transactional outbox: an event is written in the same transaction as the change it describes, so it
 * exists exactly when the change committed. The relay publishes it to JetStream afterwards.
 */
export class Outbox {
  constructor(private readonly schema: string) {}

  /**
   * Writes `event` with `manager`: the EntityManager of the transaction making the change, or the WriteBatch the
   * change's writes go in.
   */
  async add<T extends EventType>(manager: SqlWriter, event: NewEvent<T>): Promise<EventEnvelope> {
    const definition = eventCatalog[event.type];
    const envelope = eventEnvelopeSchema.parse({
      id: randomUUID(),
      type: event.type,
      occurredAt: new Date().toISOString(),
      actor: event.actor,
      aggregateId: event.aggregateId,
      payload: definition.payload.parse(event.payload),
    });
    await manager.query(`INSERT INTO "${this.schema}".outbox (id, subject, envelope) VALUES ($1, $2, $3)`, [
      envelope.id,
      definition.subject,
      envelope,
    ]);
    return envelope;
  }
}

/** The outbox table of one service's schema; each service lists this migration among its own. */
export function outboxMigration(schema: string, timestamp: number): new () => MigrationInterface {
  const name = `Outbox${schema.replace(/[^a-z]/gi, '')}${timestamp}`;
  return class implements MigrationInterface {
    name = name;

    async up(runner: QueryRunner): Promise<void> {
      await runner.query(`
        CREATE TABLE "${schema}".outbox (
          seq bigserial PRIMARY KEY,
          id uuid NOT NULL UNIQUE,
          subject text NOT NULL,
          envelope jsonb NOT NULL,
          created_at timestamptz NOT NULL DEFAULT now()
        )`);
    }

    async down(runner: QueryRunner): Promise<void> {
      await runner.query(`DROP TABLE "${schema}".outbox`);
    }
  };
}
