/**
 * Scheduled payments, the merchant-facing part (reference §3.5): create (issuing the billing key from
 * card data when the customer has none), revoke, look up, list, move and reopen. Running them is
 * run-schedules.ts.
 */
import type { Capabilities } from '../connectors/contract.ts';
import { GatewayError } from '../core/errors.ts';
import { canMove, canRetry, type Schedule, type ScheduleStatus } from '../core/schedule.ts';
import { deleteBillingKey as removeBillingKey, getBillingKey as findKey, type BillingKey } from '../storage/billing-keys.ts';
import { isUniqueViolation } from '../storage/db.ts';
import { findByMerchantUid } from '../storage/payments.ts';
import * as repo from '../storage/schedules.ts';
import { apiChannel, issueBillingKey, requireCard, type CardFields } from './billing-keys.ts';
import { parseOrder, type ChargeFields } from './charge-input.ts';
import { checkingCharge } from './checking-charge.ts';
import type { AppContext } from './context.ts';
import type { Paged } from './find-payments.ts';
import { checkNoticeUrls } from './outbound-targets.ts';

export type ScheduleItem = Omit<ChargeFields, 'merchantUid'> & { merchantUid: string; scheduleAt: number; promotionId: string | null };

export type CreateSchedulesInput = {
  customerUid: string; customerId: string | null; pg: string | null; card: CardFields | null; schedules: ScheduleItem[];
  /** A test charge (KRW), cancelled at once, of a key issued here from card data; 0 = none. */
  checkingAmount: number;
};

const hasCard = (c: CardFields | null): c is CardFields => c !== null && c.card_number !== undefined && c.card_number !== null && c.card_number !== '';

/** Validates every item before anything is stored or any PG is called; all or nothing. */
export async function createSchedules(ctx: AppContext, merchantId: number, input: CreateSchedulesInput): Promise<Schedule[]> {
  if (input.schedules.length === 0) throw new GatewayError('PARAM_MISSING', undefined, { fields: 'schedules' });
  let key: BillingKey | null = await findKey(ctx.db, merchantId, input.customerUid);
  let caps: Capabilities;
  if (key) {
    caps = ctx.pg.capabilities(key.pgProvider);
    if (!caps.chargeBillingKey) throw new GatewayError('NO_API_BILLING_MODULE');
  } else if (hasCard(input.card)) {
    // Window-only PGs (PAYCO, KICC) refuse here with NO_API_BILLING_MODULE, before the card is checked.
    caps = ctx.pg.capabilities((await apiChannel(ctx, merchantId, input.pg)).provider);
    requireCard(input.card);
  } else {
    throw new GatewayError('SCHEDULE_CUSTOMER_NOT_FOUND');
  }
  const now = ctx.now();
  const seen = new Set<string>();
  const orders = input.schedules.map((item) => {
    if (!Number.isSafeInteger(item.scheduleAt) || item.scheduleAt < now) throw new GatewayError('SCHEDULE_AT_IN_PAST', `(merchant_uid: ${item.merchantUid})`);
    if (seen.has(item.merchantUid)) throw new GatewayError('SCHEDULE_MERCHANT_UID_TAKEN', `(merchant_uid: ${item.merchantUid})`);
    seen.add(item.merchantUid);
    return { item, order: parseOrder(item, caps.currencies) };
  });
  for (const { order } of orders) await checkNoticeUrls(ctx.outbound, order.noticeUrls);
  if (!key) {
    const b = orders[0]!.order.buyer;
    key = await issueBillingKey(ctx, merchantId, input.customerUid, {
      pg: input.pg, card: input.card!,
      customer: { customerId: input.customerId, name: b.name, tel: b.tel, email: b.email, addr: b.addr, postcode: b.postcode },
    });
    if (input.checkingAmount > 0) {
      try {
        await checkingCharge(ctx, merchantId, input.customerUid, input.checkingAmount);
      } catch (e) {
        // All or nothing: a card that cannot be charged leaves neither a key nor schedules behind.
        await removeBillingKey(ctx.db, merchantId, input.customerUid);
        throw e;
      }
    }
  }
  const k = key;
  try {
    return await ctx.db.tx(async (q) => {
      for (const { order } of orders) {
        if (await findByMerchantUid(q, merchantId, order.merchantUid, 'paid', '-started')) throw new GatewayError('MERCHANT_UID_ALREADY_PAID', `(merchant_uid: ${order.merchantUid})`);
      }
      return repo.insertSchedules(q, orders.map(({ item, order }) => ({
        merchantId, merchantUid: order.merchantUid, customerUid: input.customerUid, customerId: input.customerId ?? k.customerId,
        pgProvider: k.pgProvider, pgId: k.pgId, scheduleAt: item.scheduleAt, currency: order.currency, amount: order.amount,
        taxFree: order.taxFree, name: order.name,
        // Missing buyer fields are filled from the stored customer (reference §3.5).
        buyerName: order.buyer.name ?? k.customerName, buyerEmail: order.buyer.email ?? k.customerEmail, buyerTel: order.buyer.tel ?? k.customerTel,
        buyerAddr: order.buyer.addr ?? k.customerAddr, buyerPostcode: order.buyer.postcode ?? k.customerPostcode,
        customData: order.customData, noticeUrls: order.noticeUrls, cardQuota: order.cardQuota, browserIp: order.browserIp,
        promotionId: item.promotionId, status: 'scheduled', impUid: null, failReason: null, executedAt: 0, revokedAt: 0,
        attempts: 0, nextRetryAt: null, createdAt: now, updatedAt: now,
      })));
    });
  } catch (e) {
    if (isUniqueViolation(e, 'schedules_one_per_order')) throw new GatewayError('SCHEDULE_MERCHANT_UID_TAKEN');
    throw e;
  }
}

/** Revokes pending schedules by customer and/or merchant_uids (reference §3.5 unschedule). */
export async function unschedule(ctx: AppContext, merchantId: number, customerUid: string | null, merchantUids: string[] | null): Promise<Schedule[]> {
  if (customerUid === null && (merchantUids === null || merchantUids.length === 0)) throw new GatewayError('BAD_REQUEST', 'customer_uid 또는 merchant_uid 중 하나는 필수입니다.');
  const revoked = await ctx.db.tx((q) => repo.revokeSchedules(q, merchantId, customerUid, merchantUids && merchantUids.length > 0 ? merchantUids : null, ctx.now()));
  if (revoked.length === 0) throw new GatewayError('UNSCHEDULE_NOT_FOUND');
  return revoked;
}

export async function getSchedule(ctx: AppContext, merchantId: number, merchantUid: string): Promise<Schedule> {
  const s = await repo.getSchedule(ctx.db, merchantId, merchantUid);
  if (!s) throw new GatewayError('SCHEDULE_NOT_FOUND');
  return s;
}

/** PUT: a pending schedule to a new (future) time. */
export async function updateScheduleAt(ctx: AppContext, merchantId: number, merchantUid: string, scheduleAt: number): Promise<Schedule> {
  return move(ctx, merchantId, merchantUid, scheduleAt, false);
}

/** reschedule: a failed or revoked schedule becomes pending again at a new time. */
export async function reschedule(ctx: AppContext, merchantId: number, merchantUid: string, scheduleAt: number): Promise<Schedule> {
  return move(ctx, merchantId, merchantUid, scheduleAt, true);
}

async function move(ctx: AppContext, merchantId: number, merchantUid: string, scheduleAt: number, reopen: boolean): Promise<Schedule> {
  const now = ctx.now();
  if (scheduleAt < now) throw new GatewayError('SCHEDULE_AT_IN_PAST');
  return ctx.db.tx(async (q) => {
    const s = await repo.getSchedule(q, merchantId, merchantUid, { forUpdate: true });
    if (!s) throw new GatewayError('SCHEDULE_NOT_FOUND');
    if (reopen ? !canRetry(s) : !canMove(s)) throw new GatewayError(reopen ? 'SCHEDULE_NOT_RETRYABLE' : 'SCHEDULE_NOT_MOVABLE', `(schedule_status: ${s.status}, payment_status: ${s.paymentStatus ?? 'null'})`);
    if (reopen && s.paymentStatus === 'paid') throw new GatewayError('MERCHANT_UID_ALREADY_PAID');
    if (!(await repo.moveSchedule(q, s.id, scheduleAt, now, reopen))) {
      throw new GatewayError(reopen ? 'SCHEDULE_NOT_RETRYABLE' : 'SCHEDULE_NOT_MOVABLE', '(결제가 진행 중인 예약입니다)');
    }
    return (await repo.getSchedule(q, merchantId, merchantUid))!;
  });
}

export const MAX_RANGE_SEC = 92 * 24 * 3600; // "range ≤ 3 months"

export type ScheduleQuery = { customerUid?: string; from: number; to: number; status: ScheduleStatus | null; oldestFirst: boolean; page: number; limit: number };

export type PagedSchedules = Omit<Paged, 'list'> & { list: Schedule[] };

/** The paged object `{total, previous, next, list}` clients parse (reference §3.5, §9.5). */
export async function listSchedules(ctx: AppContext, merchantId: number, f: ScheduleQuery): Promise<PagedSchedules> {
  if (f.from > f.to) throw new GatewayError('BAD_REQUEST', 'schedule_from(from) 은 schedule_to(to) 보다 클 수 없습니다.');
  if (f.to - f.from > MAX_RANGE_SEC) throw new GatewayError('BAD_REQUEST', '조회 기간은 최대 3개월입니다.');
  const r = await repo.listSchedules(ctx.db, merchantId, f, f.page, f.limit);
  const last = Math.max(1, Math.ceil(r.total / f.limit));
  if (f.page > 1 && f.page > last) throw new GatewayError('PAGE_OUT_OF_RANGE');
  return { total: r.total, previous: f.page > 1 ? f.page - 1 : 0, next: f.page < last ? f.page + 1 : 0, list: r.list };
}
