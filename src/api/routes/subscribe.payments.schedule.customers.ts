/**
 * GET /subscribe/payments/schedule/customers/{customer_uid} and its alias
 * GET /subscribe/customers/{customer_uid}/schedules (reference §3.5): note the `schedule-status` key.
 */
import { z } from 'zod';
import { listSchedules } from '../../app/schedule-payments.ts';
import { scheduleStatuses } from '../../core/schedule.ts';
import { int, limit, page } from '../fields.ts';
import { route, type RouteDef, type Call } from '../route.ts';
import { pagedScheduleView } from '../views/schedule.ts';

const params = z.object({ customer_uid: z.string() });
const querystring = z.object({ page: page(), limit: limit(), from: int(), to: int(), 'schedule-status': z.enum(scheduleStatuses).optional() });
type Q = z.output<typeof querystring>;

const handler = async ({ ctx, merchantId, params: p, query: q }: Call<{ customer_uid: string }, Q>) => ({
  response: pagedScheduleView(await listSchedules(ctx, merchantId, {
    customerUid: p.customer_uid, from: q.from, to: q.to, status: q['schedule-status'] ?? null, oldestFirst: false, page: q.page ?? 1, limit: q.limit ?? 20,
  })),
});

const byCustomer = route({
  method: 'GET',
  url: '/subscribe/payments/schedule/customers/:customer_uid',
  schema: { summary: '고객별 예약결제 목록', tags: ['subscribe'], params, querystring },
  handler,
});

const alias = route({
  method: 'GET',
  url: '/subscribe/customers/:customer_uid/schedules',
  schema: { summary: '고객별 예약결제 목록 (별칭)', tags: ['subscribe.customer'], params, querystring },
  handler,
});

export default [byCustomer, alias] satisfies RouteDef[];
