import { z } from 'zod';
import { requestContract } from '../contract';
import { eventTypeSchema } from './audit-log.contract';
import { deletedResponse, idSchema, pageOf, paginationFields } from './metadata';

/*
 * Webhooks (`/v1/webhooks`): endpoints an admin registers to receive domain events over HTTPS, signed in the
 * manner of the Standard Webhooks specification, and the record of each delivery. Owned by the accounts service.
 */

/** `*` subscribes to every event type, including types added later. */
export const WEBHOOK_ALL_EVENTS = '*';

export const webhookViewSchema = z.object({
  id: z.string(),
  url: z.string(),
  eventTypes: z.array(z.string()),
  description: z.string().nullable(),
  /** Unix milliseconds. */
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
});
export type WebhookView = z.infer<typeof webhookViewSchema>;

export const createWebhookRequest = z
  .object({
    /** https (http only to a loopback host outside production); checked by the service. */
    url: z.string().min(1).max(2048),
    eventTypes: z
      .array(z.union([eventTypeSchema, z.literal(WEBHOOK_ALL_EVENTS)]))
      .min(1)
      .max(50),
    description: z.string().max(512).nullable().optional(),
  })
  .strict();
/** The signing secret (`whsec_…`) is answered here only: it cannot be read again. */
export const createWebhookContract = requestContract(
  createWebhookRequest,
  z.object({ webhook: webhookViewSchema, secret: z.string() }),
);

export const listWebhooksRequest = z.object({ ...paginationFields }).strict();
export const listWebhooksContract = requestContract(listWebhooksRequest, pageOf(webhookViewSchema));

export const getWebhookRequest = z.object({ webhookId: idSchema }).strict();
export const getWebhookContract = requestContract(getWebhookRequest, webhookViewSchema);

/** Deleting an endpoint also drops its pending deliveries. */
export const deleteWebhookRequest = z.object({ webhookId: idSchema }).strict();
export const deleteWebhookContract = requestContract(deleteWebhookRequest, deletedResponse);

export const webhookDeliveryStatusSchema = z.enum(['pending', 'succeeded', 'failed']);
export type WebhookDeliveryStatus = z.infer<typeof webhookDeliveryStatusSchema>;

export const webhookAttemptSchema = z.object({
  /** Unix milliseconds. */
  attemptedAt: z.number().int(),
  /** The receiver's HTTP status, or null when no response came (see `error`). */
  statusCode: z.number().int().nullable(),
  /** Why the attempt failed without a response (`timeout`, `ECONNREFUSED`…), or null. */
  error: z.string().nullable(),
  durationMs: z.number().int(),
});
export type WebhookAttempt = z.infer<typeof webhookAttemptSchema>;

export const webhookDeliveryViewSchema = z.object({
  id: z.string(),
  webhookId: z.string(),
  eventId: z.string(),
  eventType: z.string(),
  /** `pending` until a 2xx answer (`succeeded`) or the last allowed attempt failed (`failed`). */
  status: webhookDeliveryStatusSchema,
  attempts: z.array(webhookAttemptSchema),
  /** Unix milliseconds; null once the delivery is settled. */
  nextAttemptAt: z.number().int().nullable(),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
});
export type WebhookDeliveryView = z.infer<typeof webhookDeliveryViewSchema>;

export const listWebhookDeliveriesRequest = z
  .object({ ...paginationFields, webhookId: idSchema, status: webhookDeliveryStatusSchema.optional() })
  .strict();
export const listWebhookDeliveriesContract = requestContract(
  listWebhookDeliveriesRequest,
  pageOf(webhookDeliveryViewSchema),
);
