import type { WebhookDeliveryView, WebhookView } from '@tessera/contracts';

/** A webhook endpoint as /v1/webhooks answers it (the secret only ever appears in the create answer). */
export const toWebhookObject = (webhook: WebhookView) => ({
  object: 'webhook' as const,
  id: webhook.id,
  url: webhook.url,
  event_types: webhook.eventTypes,
  description: webhook.description,
  created_at: webhook.createdAt,
  updated_at: webhook.updatedAt,
});

/** One event's delivery to one endpoint, with every attempt so far. Timestamps are Unix milliseconds. */
export const toWebhookDeliveryObject = (delivery: WebhookDeliveryView) => ({
  object: 'webhook_delivery' as const,
  id: delivery.id,
  webhook_id: delivery.webhookId,
  event_id: delivery.eventId,
  event_type: delivery.eventType,
  status: delivery.status,
  attempts: delivery.attempts.map((attempt) => ({
    attempted_at: attempt.attemptedAt,
    status_code: attempt.statusCode,
    error: attempt.error,
    duration_ms: attempt.durationMs,
  })),
  next_attempt_at: delivery.nextAttemptAt,
  created_at: delivery.createdAt,
  updated_at: delivery.updatedAt,
});
