/**
 * The EventSink behind AppContext.events: announcements with `notify` become webhook deliveries in
 * the same transaction as the payment change, so a committed change always has its webhook queued
 * and a rolled-back one never does (transactional outbox).
 */
import { webhookBody, webhookTargets } from '../core/webhook-event.ts';
import { insertDeliveries, merchantWebhookUrl, type NewDelivery } from '../storage/outbox.ts';
import type { EventSink } from './context.ts';
import type { RecurringSettings } from './recurring-settings.ts';

export function outboxSink(now: () => number, settings: () => RecurringSettings, onQueued?: () => void): EventSink {
  return async (q, payment, events) => {
    const notify = events.filter((e) => e.notify);
    if (notify.length === 0) return;
    // Only read the merchant URL when the payment has no notice_url of its own.
    const merchantUrl = payment.noticeUrls && payment.noticeUrls.length > 0 ? null : await merchantWebhookUrl(q, payment.merchantId);
    const targets = webhookTargets(payment.noticeUrls, merchantUrl);
    if (targets.length === 0) return;
    const at = now();
    const rows: NewDelivery[] = notify.flatMap((e) => targets.map((url) => ({
      merchantId: payment.merchantId, impUid: e.impUid, eventKind: e.kind, url, body: webhookBody(e), createdAt: at,
      retryUntil: at + settings().webhookRetry.retryForSec,
    })));
    await insertDeliveries(q, rows);
    onQueued?.();
  };
}
