import { z } from 'zod';

/** Who caused an event: an admin through /v1, a signed-in user, an OAuth client, or Tessera itself. */
export const eventActorSchema = z.object({
  type: z.enum(['admin', 'user', 'client', 'system']),
  id: z.string().nullable(),
});
export type EventActor = z.infer<typeof eventActorSchema>;

/**
 * Every domain event on JetStream (stream TESSERA_EVENTS) has this envelope. `id` is unique and doubles as the
 * JetStream message id, so a re-published event is dropped by the stream and consumers can dedupe by it.
 */
export const eventEnvelopeSchema = z.object({
  id: z.string().uuid(),
  type: z.string(),
  occurredAt: z.string().datetime(),
  actor: eventActorSchema,
  /** The aggregate the event is about (a user id, client id, grant id…); events of one aggregate keep their order. */
  aggregateId: z.string(),
  payload: z.record(z.unknown()),
});
export type EventEnvelope = z.infer<typeof eventEnvelopeSchema>;

/** The JetStream stream every event goes to; its subjects are `events.<owner>.<aggregate>.<past-participle>.v<N>`. */
export const EVENT_STREAM = 'TESSERA_EVENTS';
export const EVENT_SUBJECT_PREFIX = 'events';
