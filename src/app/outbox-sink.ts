/**
 * The EventSink behind AppContext.events: announcements with `notify` become webhook deliveries in
 * the same transaction as the payment change, so a committed change always has its webhook queued
 * and a rolled-back one never does (transactional outbox).
 */
import { noticeTargets, webhookBody } from '../core/webhook-event.ts';
import type { NewDelivery } from '../storage/outbox.ts';
import type { EventSink } from './context.ts';
import type { RecurringSettings } from './recurring-settings.ts';

export function outboxSink(now: () => number, settings: () => RecurringSettings, onQueued?: () => void): EventSink {
  return {
    deliveries(payment, events) {
      const notify = events.filter((e) => e.notify);
      if (notify.length === 0) return [];
      // The payment's own notice_url(s), else the merchant's URL (null: read where the rows are written, webhookTargets' rule).
      const targets: (string | null)[] = noticeTargets(payment.noticeUrls) ?? [null];
      const at = now();
      return notify.flatMap((e) => targets.map((url): NewDelivery => ({
        merchantId: payment.merchantId, impUid: e.impUid, eventKind: e.kind, url, body: webhookBody(e), createdAt: at,
        retryUntil: at + settings().webhookRetry.retryForSec,
      })));
    },
    queued: () => onQueued?.(),
  };
}
