import type { WebhookAttempt } from '@tessera/contracts';
import { signWebhook } from './webhook-signature';

/** A receiver gets this long to answer; slower counts as a failed attempt (retried later). */
export const WEBHOOK_TIMEOUT_MS = 5000;

export interface WebhookMessage {
  url: string;
  secret: string;
  /** The `webhook-id`: the event id, the same on every attempt, so receivers can drop duplicates. */
  messageId: string;
  body: string;
}

/**
 * POSTs one signed message (Standard Webhooks headers) and reports the attempt. Only a 2xx answer succeeds;
 * redirects are not followed (a moved endpoint must be re-registered, not chased). The answer's body is neither
 * read nor kept, and neither is the URL logged: both may hold secrets of the receiver.
 */
export async function sendWebhook(message: WebhookMessage): Promise<{ succeeded: boolean; attempt: WebhookAttempt }> {
  const attemptedAt = Date.now();
  const timestamp = Math.floor(attemptedAt / 1000);
  const started = performance.now();
  const attempt = (statusCode: number | null, error: string | null): WebhookAttempt => ({
    attemptedAt,
    statusCode,
    error,
    durationMs: Math.round(performance.now() - started),
  });
  try {
    const response = await fetch(message.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Tessera-Webhooks/1',
        'webhook-id': message.messageId,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': signWebhook(message.secret, message.messageId, timestamp, message.body),
      },
      body: message.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
    });
    await response.body?.cancel().catch(() => undefined);
    return { succeeded: response.status >= 200 && response.status < 300, attempt: attempt(response.status, null) };
  } catch (error) {
    return { succeeded: false, attempt: attempt(null, failureReason(error)) };
  }
}

/** A short, secret-free reason: `timeout`, or the network error code (`ECONNREFUSED`, `ENOTFOUND`…). */
function failureReason(error: unknown): string {
  // By name, not instanceof: fetch's DOMException may come from another realm (a test runner's sandbox).
  const { name, cause } = (error ?? {}) as { name?: unknown; cause?: { code?: unknown } };
  if (name === 'TimeoutError' || name === 'AbortError') return 'timeout';
  const code = cause?.code;
  return typeof code === 'string' ? code : 'network_error';
}
