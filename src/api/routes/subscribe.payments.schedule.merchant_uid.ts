/** GET / PUT /subscribe/payments/schedule/{merchant_uid}, .../reschedule and .../retry (reference §3.5). */
import { z } from 'zod';
import { retrySchedule } from '../../app/run-schedules.ts';
import { getSchedule, reschedule, updateScheduleAt } from '../../app/schedule-payments.ts';
import { int } from '../fields.ts';
import { route, type RouteDef } from '../route.ts';
import { paymentView } from '../views/payment.ts';
import { scheduleView } from '../views/schedule.ts';

const params = z.object({ merchant_uid: z.string() });
const at = z.object({ schedule_at: int() });

const get = route({
  method: 'GET',
  url: '/subscribe/payments/schedule/:merchant_uid',
  schema: { summary: '예약결제 조회', tags: ['subscribe'], params },
  handler: async ({ ctx, merchantId, params: p }) => ({ response: scheduleView(await getSchedule(ctx, merchantId, p.merchant_uid)) }),
});

const put = route({
  method: 'PUT',
  url: '/subscribe/payments/schedule/:merchant_uid',
  schema: { summary: '예약결제 시각 변경', tags: ['subscribe'], params, body: at },
  handler: async ({ ctx, merchantId, params: p, body }) => ({ response: scheduleView(await updateScheduleAt(ctx, merchantId, p.merchant_uid, body.schedule_at)) }),
});

const again = route({
  method: 'POST',
  url: '/subscribe/payments/schedule/:merchant_uid/reschedule',
  schema: { summary: '실패/취소된 예약결제 재예약', tags: ['subscribe'], params, body: at },
  handler: async ({ ctx, merchantId, params: p, body }) => ({ response: scheduleView(await reschedule(ctx, merchantId, p.merchant_uid, body.schedule_at)) }),
});

const retry = route({
  method: 'POST',
  url: '/subscribe/payments/schedule/:merchant_uid/retry',
  schema: { summary: '실패/취소된 예약결제 즉시 재시도', tags: ['subscribe'], params },
  handler: async ({ ctx, merchantId, params: p }) => ({
    response: paymentView(await retrySchedule(ctx, merchantId, p.merchant_uid)),
  }),
});

export default [get, put, again, retry] satisfies RouteDef[];
