/** POST /subscribe/payments/unschedule (reference §3.5): revoke by customer_uid and/or merchant_uid[]. */
import { z } from 'zod';
import { unschedule } from '../../app/schedule-payments.ts';
import { list, orNull, text } from '../fields.ts';
import { route } from '../route.ts';
import { scheduleView } from '../views/schedule.ts';

export default route({
  method: 'POST',
  url: '/subscribe/payments/unschedule',
  schema: {
    summary: '예약결제 취소',
    tags: ['subscribe'],
    body: z.object({ customer_uid: text().optional(), merchant_uid: list().optional() }),
  },
  handler: async ({ ctx, merchantId, body }) => ({
    response: (await unschedule(ctx, merchantId, orNull(body.customer_uid), body.merchant_uid ?? null)).map(scheduleView),
  }),
});
