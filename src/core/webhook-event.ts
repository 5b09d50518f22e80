/**
 * What a V1 webhook says and when it is retried (reference §4). Pure: the HTTP call, the clock and the
 * signature (HMAC) live in app/ and outbox/.
 */
import type { DomainEvent } from './payment.ts';

/** The V1 body: `{imp_uid, merchant_uid, status}` plus `cancellation_id` on cancellations. */
export function webhookBody(e: Pick<DomainEvent, 'impUid' | 'merchantUid' | 'status' | 'cancellationId'>): string {
  const body: Record<string, string> = { imp_uid: e.impUid, merchant_uid: e.merchantUid, status: e.status };
  if (e.cancellationId) body.cancellation_id = e.cancellationId;
  return JSON.stringify(body);
}

/**
 * Where an event goes: the payment's notice_url(s) when given, else the merchant's URL (reference §4:
 * when notice_url is given the console URL is not used). Only http(s) URLs; duplicates sent once.
 */
export function webhookTargets(noticeUrls: readonly string[] | null, merchantUrl: string | null): string[] {
  return noticeTargets(noticeUrls) ?? (merchantUrl && isWebhookUrl(merchantUrl) ? [merchantUrl] : []);
}

/** Only http(s) URLs receive webhooks (storage/outbox.ts applies the same test to the merchant's URL in SQL). */
export const isWebhookUrl = (u: string): boolean => /^https?:\/\/[^\s]+$/i.test(u);

/** The payment's own targets (its notice_url(s), http(s) only, each once), or null when it names none: the merchant's URL applies. */
export function noticeTargets(noticeUrls: readonly string[] | null): string[] | null {
  const given = (noticeUrls ?? []).map((u) => u.trim()).filter((u) => u !== '');
  return given.length > 0 ? [...new Set(given.filter(isWebhookUrl))] : null;
}

export type WebhookRetryPolicy = {
  /** First retry delay; doubles each attempt up to `maxDelaySec`. */
  baseDelaySec: number;
  maxDelaySec: number;
  /** Retries go on this long after the event was created, then the delivery is given up. */
  retryForSec: number;
};

export const defaultWebhookRetryPolicy: WebhookRetryPolicy = { baseDelaySec: 30, maxDelaySec: 3600, retryForSec: 25 * 3600 };

/** Delay before the attempt after `attempts` failed ones (1 -> base, 2 -> 2*base, ...). */
export function webhookRetryDelay(p: WebhookRetryPolicy, attempts: number): number {
  const exp = Math.min(Math.max(attempts - 1, 0), 30);
  return Math.min(p.maxDelaySec, p.baseDelaySec * 2 ** exp);
}

/** A 2xx from the receiver is success (reference §4: "HTTP 200"; any 2xx accepted). */
export const isDelivered = (status: number | null): boolean => status !== null && status >= 200 && status < 300;
