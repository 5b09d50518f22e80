/**
 * Standard Webhooks signing (standardwebhooks.com) on top of the V1 body: `webhook-id`,
 * `webhook-timestamp` and `webhook-signature: v1,<base64 HMAC-SHA256("id.timestamp.body")>`, keyed
 * by the base64 part of the merchant's `whsec_...` secret.
 */
import { createHmac, randomBytes } from 'node:crypto';

export const newWebhookSecret = (): string => `whsec_${randomBytes(24).toString('base64')}`;

export function signatureOf(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

export function webhookHeaders(secret: string, id: string, timestamp: number, body: string): Record<string, string> {
  return { 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': signatureOf(secret, id, timestamp, body) };
}

/** The message id of a delivery, stable across its retries so receivers can de-duplicate. */
export const webhookMessageId = (deliveryId: number): string => `msg_${deliveryId}`;
