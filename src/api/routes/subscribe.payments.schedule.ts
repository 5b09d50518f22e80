/** POST /subscribe/payments/schedule and GET /subscribe/payments/schedule (by time range), reference §3.5. */
import { z } from 'zod';
import { createSchedules, listSchedules } from '../../app/schedule-payments.ts';
import { scheduleStatuses } from '../../core/schedule.ts';
import { chargeBody, toChargeFields } from '../charge-body.ts';
import { int, limit, orNull, page, text } from '../fields.ts';
import { route, type RouteDef } from '../route.ts';
import { pagedScheduleView, scheduleView } from '../views/schedule.ts';

const item = z.object({
  ...chargeBody,
  schedule_at: int(),
  product_count: z.unknown().optional(),
  cash_receipt_type: z.string().optional(),
  extra: z.unknown().optional(),
});

const create = route({
  method: 'POST',
  url: '/subscribe/payments/schedule',
  schema: {
    summary: '예약결제 등록 (빌링키가 없으면 카드정보로 발급)',
    tags: ['subscribe'],
    body: z.object({
      customer_uid: text().pipe(z.string().min(1)),
      customer_id: text().optional(),
      checking_amount: int().pipe(z.number().int().min(0)).optional(),
      card_number: text().optional(), expiry: text().optional(), birth: text().optional(), pwd_2digit: text().optional(), cvc: text().optional(),
      pg: text().optional(), channel_key: text().optional(),
      schedules: z.array(item).min(1),
    }),
  },
  handler: async ({ ctx, merchantId, body: b }) => {
    const card = b.card_number ? { card_number: b.card_number, expiry: b.expiry, birth: b.birth, pwd_2digit: b.pwd_2digit, cvc: b.cvc } : null;
    const list = await createSchedules(ctx, merchantId, {
      customerUid: b.customer_uid, customerId: orNull(b.customer_id), pg: orNull(b.pg), card, checkingAmount: b.checking_amount ?? 0,
      schedules: b.schedules.map((s) => ({ ...toChargeFields(s), scheduleAt: s.schedule_at, promotionId: orNull(s.promotion_id) })),
    });
    return { response: list.map(scheduleView) };
  },
});

const byTime = route({
  method: 'GET',
  url: '/subscribe/payments/schedule',
  schema: {
    summary: '예약결제 목록 (예약시각 범위)',
    tags: ['subscribe'],
    querystring: z.object({
      schedule_from: int(), schedule_to: int(), schedule_status: z.enum(scheduleStatuses).optional(),
      page: page(), limit: limit(), sorting: z.string().optional(),
    }),
  },
  handler: async ({ ctx, merchantId, query: q }) => ({
    response: pagedScheduleView(await listSchedules(ctx, merchantId, {
      from: q.schedule_from, to: q.schedule_to, status: q.schedule_status ?? null, oldestFirst: q.sorting === 'scheduled', page: q.page ?? 1, limit: q.limit ?? 20,
    })),
  }),
});

export default [create, byTime] satisfies RouteDef[];
