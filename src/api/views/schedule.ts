/** The V1 ScheduleResultAnnotation (reference §3.5): every key present, amounts in wire units. */
import type { PagedSchedules } from '../../app/schedule-payments.ts';
import { toWireAmount } from '../../core/money.ts';
import type { Schedule } from '../../core/schedule.ts';

export function scheduleView(s: Schedule) {
  return {
    customer_uid: s.customerUid,
    merchant_uid: s.merchantUid,
    imp_uid: s.impUid,
    pg_provider: s.pgProvider,
    pg_id: s.pgId,
    customer_id: s.customerId,
    schedule_at: s.scheduleAt,
    executed_at: s.executedAt,
    revoked_at: s.revokedAt,
    amount: toWireAmount(s.amount, s.currency),
    currency: s.currency,
    name: s.name,
    buyer_name: s.buyerName,
    buyer_email: s.buyerEmail,
    buyer_tel: s.buyerTel,
    buyer_addr: s.buyerAddr,
    buyer_postcode: s.buyerPostcode,
    custom_data: s.customData,
    schedule_status: s.status,
    payment_status: s.paymentStatus,
    fail_reason: s.failReason,
    promotion_id: s.promotionId,
  };
}

export const pagedScheduleView = (p: PagedSchedules) => ({ total: p.total, previous: p.previous, next: p.next, list: p.list.map(scheduleView) });
